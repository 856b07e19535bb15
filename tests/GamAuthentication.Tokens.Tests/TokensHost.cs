using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Tokens.Tests;

/// <summary>
/// One in-memory app (TestServer) with the GAM emulator at <c>/gam</c>, a downstream API at <c>/api/me</c> that
/// checks tokens with the emulator's userinfo, and whatever the test adds. Every IHttpClientFactory client talks to
/// this server, and every clock is <see cref="Clock"/>.
/// </summary>
internal sealed class TokensHost : IAsyncDisposable
{
    public const string Authority = "http://localhost/gam";
    public const string BaseUrl = "http://localhost/";

    private TokensHost(WebApplication app, FakeTimeProvider clock, TokenEndpointGate gate, Downstream downstream)
    {
        App = app;
        Clock = clock;
        Logs = app.Services.GetFakeLogCollector();
        Gate = gate;
        Api = downstream;
        Emulator = app.Services.GetRequiredService<GamEmulator>();
        Server = app.GetTestServer();
    }

    public WebApplication App { get; }

    public TestServer Server { get; }

    public FakeTimeProvider Clock { get; }

    public FakeLogCollector Logs { get; }

    public GamEmulator Emulator { get; }

    /// <summary>Holds token requests until the test lets them go; can also make the token endpoint fail.</summary>
    public TokenEndpointGate Gate { get; }

    /// <summary>The downstream API's call log and behaviour.</summary>
    public Downstream Api { get; }

    public long TokenRequests => Emulator.GetCallCount(GamEmulatorEndpoint.Token);

    public IServiceProvider Services => App.Services;

    public static async Task<TokensHost> StartAsync(
        Action<GamEmulatorOptions>? emulator = null,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        var clock = new FakeTimeProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddGamEmulator(emulator);
        builder.Services.AddHttpClient(Downstream.UserInfoClient).RemoveAllLoggers();

        WebApplication? app = null;
        builder.Services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => new LazyServerHandler(() => app!.GetTestServer().CreateHandler())));
        services?.Invoke(builder);

        app = builder.Build();
        var gate = new TokenEndpointGate();
        var downstream = new Downstream();
        app.Use(gate.Middleware);
        if (app.Services.GetService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
        }

        if (app.Services.GetService<Microsoft.AspNetCore.Authorization.IAuthorizationHandlerProvider>() is not null)
        {
            app.UseAuthorization();
        }

        endpoints?.Invoke(app);
        app.MapGamEmulator("/gam");
        app.MapMethods("/api/me", [HttpMethods.Get, HttpMethods.Post], downstream.HandleAsync);
        await app.StartAsync();
        return new TokensHost(app, clock, gate, downstream);
    }

    public HttpClient CreateClient() => new(Server.CreateHandler()) { BaseAddress = new Uri(BaseUrl) };

    public async ValueTask DisposeAsync()
    {
        Gate.Open();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Blocks or breaks the emulator's token endpoints on demand.</summary>
    internal sealed class TokenEndpointGate
    {
        private TaskCompletionSource? _hold;

        public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When set, token requests answer this status (e.g. 503) instead of reaching the emulator.</summary>
        public int? FailWith { get; set; }

        public void Hold()
        {
            Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Open() => _hold?.TrySetResult();

        private int _callArrivals;
        private int _expectedCallArrivals = int.MaxValue;

        /// <summary>Completes when <see cref="ExpectCalls"/> requests to <c>/call</c> have arrived.</summary>
        public TaskCompletionSource CallsArrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ExpectCalls(int count)
        {
            CallsArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _callArrivals, 0);
            Volatile.Write(ref _expectedCallArrivals, count);
        }

        public async Task Middleware(HttpContext context, RequestDelegate next)
        {
            if (context.Request.Path == "/call" && Interlocked.Increment(ref _callArrivals) == Volatile.Read(ref _expectedCallArrivals))
            {
                CallsArrived.TrySetResult();
            }

            if (context.Request.Path.Value?.EndsWith("access_token", StringComparison.Ordinal) == true)
            {
                if (FailWith is { } status)
                {
                    context.Response.StatusCode = status;
                    return;
                }

                if (_hold is { } hold)
                {
                    Entered.TrySetResult();
                    await hold.Task;
                }
            }

            await next(context);
        }
    }

    /// <summary>
    /// The downstream API: by default it asks the emulator's userinfo about the presented token and answers its JSON
    /// (200) or 401. <see cref="Override"/> replaces that per test.
    /// </summary>
    internal sealed class Downstream
    {
        /// <summary>The client the fake API checks tokens with: without the factory's loggers, which would log the token (it is test code, not the library).</summary>
        public const string UserInfoClient = "downstream-userinfo";

        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ConcurrentQueue<string?> PresentedAuthorization { get; } = new();

        /// <summary>Given the presented Authorization header, a replacement answer (null: validate with the emulator).</summary>
        public Func<string?, IResult?>? Override { get; set; }

        public async Task HandleAsync(HttpContext context)
        {
            Interlocked.Increment(ref _calls);
            var authorization = context.Request.Headers.Authorization.ToString();
            PresentedAuthorization.Enqueue(authorization.Length == 0 ? null : authorization);
            if (Override?.Invoke(authorization.Length == 0 ? null : authorization) is { } result)
            {
                await result.ExecuteAsync(context);
                return;
            }

            if (authorization.Length == 0)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..] : authorization;
            using var client = new HttpClient(context.RequestServices.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(Downstream.UserInfoClient), disposeHandler: false);
            using var request = new HttpRequestMessage(HttpMethod.Get, Authority + "/oauth/gam/v2.0/userinfo");
            request.Headers.TryAddWithoutValidation("Authorization", token);
            using var answer = await client.SendAsync(request);
            context.Response.StatusCode = answer.StatusCode == HttpStatusCode.OK ? 200 : 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(await answer.Content.ReadAsStringAsync());
        }
    }
}

/// <summary>Creates the TestServer handler at the first request: options validated at start-up build HttpClients before the server runs.</summary>
internal sealed class LazyServerHandler(Func<HttpMessageHandler> create) : HttpMessageHandler
{
    private readonly Lazy<HttpMessageInvoker> _inner = new(() => new HttpMessageInvoker(create()));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _inner.Value.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _inner.IsValueCreated)
        {
            _inner.Value.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Carries cookies between TestServer requests, as a browser would. Expiry dates are ignored (the apps run on a
/// manual clock); a cookie is dropped when the server deletes it (empty value or an expiry in 1970).
/// </summary>
internal sealed class CookieJar
{
    private readonly Dictionary<string, (string Value, string Path)> _cookies = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var path = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute.AbsolutePath : request.RequestUri!.OriginalString.Split('?')[0];
        var header = HeaderFor(path);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await client.SendAsync(request);
        Store(response);
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(HttpClient client, string path) => SendAsync(client, new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>The cookies a request to <c>/</c> carries.</summary>
    public string CookieHeader => HeaderFor("/");

    private string HeaderFor(string path)
    {
        lock (_cookies)
        {
            return string.Join("; ", _cookies.Where(c => path.StartsWith(c.Value.Path, StringComparison.Ordinal)).Select(c => c.Key + "=" + c.Value.Value));
        }
    }

    public void Store(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        lock (_cookies)
        {
            foreach (var value in values)
            {
                var parts = value.Split(';', StringSplitOptions.TrimEntries);
                var (name, content) = (parts[0][..parts[0].IndexOf('=', StringComparison.Ordinal)], parts[0][(parts[0].IndexOf('=', StringComparison.Ordinal) + 1)..]);
                var path = parts.Skip(1).FirstOrDefault(p => p.StartsWith("path=", StringComparison.OrdinalIgnoreCase))?[5..] ?? "/";
                var deleted = content.Length == 0 || parts.Any(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase) && p.Contains("1970", StringComparison.Ordinal));
                if (deleted)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = (content, path);
                }
            }
        }
    }

    public static HttpRequestMessage WithCookies(string path, string cookieHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookieHeader.Length > 0)
        {
            request.Headers.Add("Cookie", cookieHeader);
        }

        return request;
    }
}

/// <summary>Records what an HttpClient sends (form fields included), then passes it on.</summary>
internal sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public ConcurrentQueue<(HttpRequestMessage Request, Dictionary<string, string> Form)> Requests { get; } = new();

    public Dictionary<string, string> LastForm => Requests.Last().Form;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>();
        if (request.Content is FormUrlEncodedContent content)
        {
            var body = await content.ReadAsStringAsync(cancellationToken);
            foreach (var pair in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body))
            {
                form[pair.Key] = pair.Value.ToString();
            }
        }

        Requests.Enqueue((request, form));
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Answers every request with a fixed response, or runs a function.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public int Calls;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult(respond(request));
    }

    public static StubHandler Json(HttpStatusCode status, string json) =>
        new(_ => new HttpResponseMessage(status) { Content = new StringContent(json, new MediaTypeHeaderValue("application/json")) });
}
