using System.Collections.Concurrent;
using System.Text;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Testing;

/// <summary>
/// Two real Kestrel servers on free loopback ports, for the "GAM redirects" attack: a GAM (the emulator at
/// <c>/gam</c>) that can be told to answer chosen endpoints with a 3xx to a second origin, and that second origin,
/// which records everything it receives and answers every request as a perfect accomplice would: a token response
/// for anything that looks like a token endpoint, an Administrator user for anything else.
/// </summary>
public sealed class RedirectingGam : IAsyncDisposable
{
    /// <summary>The access token the other origin hands out.</summary>
    public const string ForeignAccessToken = "foreign-admin-token";

    /// <summary>The user name of the other origin's Administrator.</summary>
    public const string ForeignUserName = "foreign-admin";

    private readonly WebApplication _gam;
    private readonly WebApplication _foreign;
    private readonly ConcurrentDictionary<string, int> _redirects = new(StringComparer.Ordinal);

    private RedirectingGam(WebApplication gam, WebApplication foreign, ConcurrentQueue<ForeignRequest> received)
    {
        _gam = gam;
        _foreign = foreign;
        ForeignReceived = received;
        Emulator = gam.Services.GetRequiredService<GamEmulator>();
    }

    /// <summary>GAM's base URL, e.g. <c>http://127.0.0.1:41234/gam</c>.</summary>
    public string Authority { get; private set; } = string.Empty;

    /// <summary>The other origin, e.g. <c>http://127.0.0.1:41235</c>.</summary>
    public string ForeignOrigin { get; private set; } = string.Empty;

    /// <summary>The emulator behind <see cref="Authority"/>.</summary>
    public GamEmulator Emulator { get; }

    /// <summary>Every request the other origin received (it must stay empty).</summary>
    public ConcurrentQueue<ForeignRequest> ForeignReceived { get; }

    /// <summary>Starts both servers.</summary>
    public static async Task<RedirectingGam> StartAsync(Action<GamEmulatorOptions>? emulator = null)
    {
        var received = new ConcurrentQueue<ForeignRequest>();
        var foreign = await StartForeignAsync(received);
        var gamPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{gamPort}");
        builder.Logging.ClearProviders();
        builder.Services.AddGamEmulator(emulator);
        var gam = builder.Build();
        RedirectingGam? fixture = null;
        gam.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            var rule = fixture!._redirects.FirstOrDefault(r => path.EndsWith(r.Key, StringComparison.Ordinal));
            if (rule.Key is null)
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = rule.Value;
            context.Response.Headers.Location = fixture.ForeignOrigin + context.Request.Path + context.Request.QueryString;
        });
        gam.MapGamEmulator("/gam");
        await gam.StartAsync();
        fixture = new RedirectingGam(gam, foreign, received)
        {
            Authority = $"http://127.0.0.1:{gamPort}/gam",
            ForeignOrigin = foreign.Urls.Single(),
        };
        return fixture;
    }

    /// <summary>From now on, requests whose path ends with <paramref name="pathSuffix"/> are answered <paramref name="status"/> to the other origin.</summary>
    public void Redirect(string pathSuffix, int status) => _redirects[pathSuffix] = status;

    /// <summary>GAM answers normally again.</summary>
    public void StopRedirecting() => _redirects.Clear();

    public async ValueTask DisposeAsync()
    {
        await _gam.StopAsync();
        await _gam.DisposeAsync();
        await _foreign.StopAsync();
        await _foreign.DisposeAsync();
    }

    private static async Task<WebApplication> StartForeignAsync(ConcurrentQueue<ForeignRequest> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort.Next()}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            received.Enqueue(new ForeignRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            context.Response.ContentType = "application/json";
            var path = context.Request.Path.Value ?? string.Empty;
            await context.Response.WriteAsync(path.Contains("token", StringComparison.OrdinalIgnoreCase)
                ? $$"""{"access_token":"{{ForeignAccessToken}}","token_type":"Bearer","expires_in":3600,"refresh_token":"foreign-refresh","scope":"gam_user_data+gam_user_roles","user_guid":"00000000-0000-0000-0000-0000000000ad"}"""
                : $$"""{"guid":"00000000-0000-0000-0000-0000000000ad","sub":"00000000-0000-0000-0000-0000000000ad","username":"{{ForeignUserName}}","email":"admin@foreign.example","roles":["Administrator"]}""");
        });
        await app.StartAsync();
        return app;
    }
}

/// <summary>A request as the other origin received it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query string.</param>
/// <param name="Headers">The headers.</param>
/// <param name="Body">The body as text.</param>
public sealed record ForeignRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
