using System.Collections.Concurrent;
using System.Text;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Health.Tests.Infrastructure;

/// <summary>
/// A GAM on a free loopback port (Kestrel, the emulator at <c>/gam</c>) that records every request it receives, headers
/// and body included, and can be told to answer differently (a web page, a 500, nothing at all) to play a broken GAM.
/// </summary>
public sealed class ProbedGam : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly CancellationTokenSource _stopping = new();

    private ProbedGam(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
        Emulator = app.Services.GetRequiredService<GamEmulator>();
    }

    /// <summary>The server's origin, e.g. <c>http://127.0.0.1:41234</c> (GAM is not here but under <c>/gam</c>).</summary>
    public string Origin { get; }

    /// <summary>GAM's base URL with its virtual directory: <c>{Origin}/gam</c>.</summary>
    public string Authority => Origin + "/gam";

    public GamEmulator Emulator { get; }

    /// <summary>Every request received, oldest first.</summary>
    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>When set, answers every request instead of the emulator.</summary>
    public Func<HttpContext, Task>? Answer { get; set; }

    /// <summary>Cancelled when the server stops: scripted answers that hang wait on it (or on the request's abort).</summary>
    public CancellationToken Stopping => _stopping.Token;

    public static async Task<ProbedGam> StartAsync()
    {
        var origin = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin);
        builder.Logging.ClearProviders();
        builder.Services.AddGamEmulator();
        var app = builder.Build();
        ProbedGam? gam = null;
        app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            gam!._received.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            gam._arrivals.Release();
            if (gam.Answer is { } answer)
            {
                await answer(context);
                return;
            }

            await next(context);
        });
        app.MapGamEmulator("/gam");
        gam = new ProbedGam(app, origin);
        await app.StartAsync();
        return gam;
    }

    /// <summary>
    /// Completes when the next request has arrived (it may not be answered yet). The 30-second guard only turns a broken
    /// test's hang into a failure; nothing here measures time.
    /// </summary>
    public async Task WaitForRequestAsync() =>
        Assert.True(await _arrivals.WaitAsync(TimeSpan.FromSeconds(30)), "GAM received no request");

    /// <summary>A scripted answer: the status, an optional content type and body.</summary>
    public static Func<HttpContext, Task> Respond(int status, string? contentType = null, string? body = null) => async context =>
    {
        context.Response.StatusCode = status;
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }

        if (body is not null)
        {
            await context.Response.WriteAsync(body);
        }
    };

    /// <summary>A scripted answer that never comes: the request is read and then nothing is sent.</summary>
    public Func<HttpContext, Task> NeverAnswer() => context => WaitUntilAbortedAsync(context);

    /// <summary>A scripted answer that sends its headers, then stalls before the body.</summary>
    public Func<HttpContext, Task> StallAfterHeaders() => async context =>
    {
        context.Response.StatusCode = 401;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        await context.Response.Body.FlushAsync();
        await WaitUntilAbortedAsync(context);
    };

    private async Task WaitUntilAbortedAsync(HttpContext context)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        _arrivals.Dispose();
    }
}

/// <summary>A request as <see cref="ProbedGam"/> received it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
