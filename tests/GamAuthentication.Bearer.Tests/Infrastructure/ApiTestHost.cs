using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Security.Claims;
using GamAuthentication.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>
/// An API protected by <c>AddGamBearer()</c> in an in-memory host whose backchannel goes through a
/// <see cref="FaultInjectingHandler"/> to a <see cref="GamTestServer"/>. Endpoints: <c>/me</c> (any user),
/// <c>/admin</c> (role Administrator), <c>/anon</c> (anonymous), <c>/token</c> (the saved token).
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    /// <summary>The library's counters that tests read.</summary>
    private static readonly string[] CounterNames =
    [
        GamMetrics.MemoryCacheHits, GamMetrics.DistributedCacheHits, GamMetrics.CacheMisses, GamMetrics.NegativeCacheHits,
        GamMetrics.CoalescedWaits, GamMetrics.DistributedCacheErrors, GamMetrics.DistributedCacheRejected, GamMetrics.UserInfoCalls,
    ];

    private readonly WebApplication _app;
    private readonly Dictionary<string, MetricCollector<long>> _counters;

    private ApiTestHost(WebApplication app, FaultInjectingHandler faults, FakeTimeProvider clock)
    {
        _app = app;
        Faults = faults;
        Clock = clock;
        Logs = app.Services.GetFakeLogCollector();
        Client = app.GetTestServer().CreateClient();

        // Scoped to this host's IMeterFactory, so parallel tests never see each other's numbers.
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        _counters = CounterNames.ToDictionary(name => name, name => new MetricCollector<long>(meters, GamMetrics.MeterName, name), StringComparer.Ordinal);
        UserInfoDuration = new MetricCollector<double>(meters, GamMetrics.MeterName, GamMetrics.UserInfoDuration);
        TokenCache = app.Services.GetRequiredService<GamBearerTokenCache>();
    }

    public HttpClient Client { get; }

    public FaultInjectingHandler Faults { get; }

    public FakeTimeProvider Clock { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>The histogram <see cref="GamMetrics.UserInfoDuration"/> of this host.</summary>
    public MetricCollector<double> UserInfoDuration { get; }

    public GamBearerTokenCache TokenCache { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an API host.</summary>
    /// <param name="gam">The GAM to call (null: no GAM behind the fault handler; set <see cref="FaultInjectingHandler.Fault"/>).</param>
    /// <param name="configure">Configures the bearer options after the test defaults.</param>
    /// <param name="services">Adds services (a distributed cache, a shared Data Protection provider...).</param>
    /// <param name="clock">The clock (shared between hosts to move them together).</param>
    /// <param name="useFaultHandler">False: no backchannel handler is set (the real one from IHttpClientFactory is used).</param>
    /// <param name="scheme">The bearer scheme's name.</param>
    public static async Task<ApiTestHost> StartAsync(
        GamTestServer? gam,
        Action<GamBearerOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? clock = null,
        bool useFaultHandler = true,
        string scheme = GamBearerDefaults.AuthenticationScheme)
    {
        clock ??= new FakeTimeProvider();
        var faults = new FaultInjectingHandler(gam?.CreateHandler() ?? new HttpClientHandler());
        var builder = WebApplication.CreateBuilder(TestHostRoot.Options());
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddAuthorization();
        builder.Services
            .AddAuthentication(scheme)
            .AddGamBearer(scheme, options =>
            {
                options.Authority = GamTestServer.Authority;
                if (useFaultHandler)
                {
                    options.BackchannelHttpHandler = faults;
                }

                options.TimeProvider = clock;
                configure?.Invoke(options);
            });
        // Keys in memory per host (no shared key files between parallel tests); tests that need two
        // instances to read each other's L2 entries register one shared provider below.
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => Results.Json(new
        {
            name = user.Identity?.Name,
            id = user.FindFirstValue(ClaimTypes.NameIdentifier),
            claims = user.Claims.Select(c => new { type = c.Type, value = c.Value, valueType = c.ValueType, issuer = c.Issuer }).ToArray(),
        })).RequireAuthorization();
        app.MapGet("/admin", (ClaimsPrincipal user) => Results.Text("admin " + user.Identity?.Name)).RequireAuthorization(p => p.RequireRole("Administrator"));
        app.MapGet("/anon", () => Results.Text("anonymous")).AllowAnonymous();
        app.MapGet("/token", async context => await context.Response.WriteAsync(await context.GetTokenAsync("access_token") ?? "(none)")).RequireAuthorization();
        await app.StartAsync();
        return new ApiTestHost(app, faults, clock);
    }

    /// <summary>Shares one Data Protection key ring between hosts, as a farm sharing Redis must.</summary>
    public static Action<IServiceCollection> SharedDataProtection(IDataProtectionProvider provider) =>
        services => services.AddSingleton(provider);

    /// <summary>The collector of one of the library's counters (a <see cref="GamMetrics"/> name), for this host only.</summary>
    public MetricCollector<long> Counter(string name) => _counters[name];

    public Task<HttpResponseMessage> GetAsync(string path, string? authorization, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Client.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Sends a request with raw Authorization header values set directly on the server's HttpContext (an
    /// HttpClient would normalise or drop some malformed values, which Kestrel passes through).
    /// </summary>
    public Task<HttpContext> SendRawAsync(string path, params string[] authorization) =>
        _app.GetTestServer().SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            if (authorization.Length > 0)
            {
                context.Request.Headers.Authorization = authorization;
            }
        });

    public Task<HttpResponseMessage> GetWithTokenAsync(string path, string token, CancellationToken cancellationToken = default) =>
        GetAsync(path, "Bearer " + token, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var counter in _counters.Values)
        {
            counter.Dispose();
        }

        UserInfoDuration.Dispose();

        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Faults.Dispose();
    }
}

internal static class ResponseExtensions
{
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    public static string? CacheControl(this HttpResponseMessage response) => response.Headers.CacheControl?.ToString();

    public static string? WwwAuthenticate(this HttpResponseMessage response) => response.Header("WWW-Authenticate");

    public static AuthenticationHeaderValue? First(this HttpHeaderValueCollection<AuthenticationHeaderValue> values) => values.FirstOrDefault();
}
