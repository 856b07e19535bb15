using System.Net.Http.Headers;
using System.Security.Claims;
using GamAuthentication.Bearer;
using GamAuthentication.Emulator;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GamAuthentication.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// One instance of the farm: an MVC app (cookies + <c>AddGam()</c>, the user's token at <c>/token</c>) or an API
/// (<c>AddGamBearer()</c>, <c>/me</c>), with <c>AddGamRedis()</c> on the farm's Redis. Its own host and service provider.
/// </summary>
internal sealed class FarmInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private FarmInstance(string name, WebApplication app, HangingHandler backchannel)
    {
        Name = name;
        _app = app;
        Backchannel = backchannel;
        Logs = app.Services.GetFakeLogCollector();
        Client = new HttpClient(app.GetTestServer().CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
    }

    public string Name { get; }

    public HttpClient Client { get; }

    public HangingHandler Backchannel { get; }

    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    public GamBearerTokenCache TokenCache => Services.GetRequiredService<GamBearerTokenCache>();

    public static WebApplicationOptions EmptyRoot()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "empty-content-root");
        Directory.CreateDirectory(root);
        return new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Development" };
    }

    public static Task<FarmInstance> StartMvcAsync(Farm farm, string name, Action<GamRedisOptions>? redis, Action<IServiceCollection>? extra) =>
        StartAsync(farm, name, redis, extra, (services, backchannel) =>
        {
            // The cookie is the default scheme; /challenge names GAM, over plain http (so the correlation cookie is Lax, not Secure).
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie().AddGam(gam => UseFarmGam(gam, backchannel));
        }, MapMvc);

    public static Task<FarmInstance> StartApiAsync(Farm farm, string name, string scheme, Action<GamRedisOptions>? redis, Action<IServiceCollection>? extra) =>
        StartAsync(farm, name, redis, extra, (services, backchannel) =>
        {
            services.AddAuthentication(scheme).AddGamBearer(scheme, o =>
            {
                o.Authority = Farm.Authority;
                o.BackchannelHttpHandler = backchannel;
            });
        }, app => app.MapGet("/me", (ClaimsPrincipal user) => Results.Text(user.Identity?.Name ?? "?")).RequireAuthorization());

    private static async Task<FarmInstance> StartAsync(Farm farm, string name, Action<GamRedisOptions>? redis, Action<IServiceCollection>? extra, Action<IServiceCollection, HangingHandler> authentication, Action<WebApplication> endpoints)
    {
        var builder = WebApplication.CreateBuilder(EmptyRoot());
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.Services.AddSingleton<TimeProvider>(farm.Clock);
        var backchannel = new HangingHandler(farm.CreateGamHandler());
        authentication(builder.Services, backchannel);
        builder.Services.AddAuthorization();
        builder.Services.AddGamRedis(farm.Redis.Endpoint, redis);
        extra?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        endpoints(app);
        await app.StartAsync();
        return new FarmInstance(name, app, backchannel);
    }

    private static void MapMvc(WebApplication app)
    {
        app.MapGet("/challenge", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/whoami" }, [GamDefaults.AuthenticationScheme]));
        app.MapGet("/whoami", async (HttpContext context) =>
            (await context.AuthenticateAsync()).Succeeded ? Results.Text(context.User.Identity?.Name ?? "?") : Results.Unauthorized());
        app.MapGet("/token", async (HttpContext context) =>
        {
            var token = await context.GetGamUserAccessTokenAsync();
            return token.IsSuccess ? Results.Text(token.AccessToken) : Results.Text(token.Status.ToString(), statusCode: 401);
        });
        app.MapGet("/tokens", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync();
            return result.Succeeded
                ? Results.Json(new SavedTokens(result.Properties!.GetTokenValue("access_token"), result.Properties.GetTokenValue("refresh_token"), result.Properties.GetTokenValue("user_guid")))
                : Results.Unauthorized();
        });
        app.MapGet("/signout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/bye" }, [GamDefaults.AuthenticationScheme]));
    }

    private static void UseFarmGam(GamOptions gam, HttpMessageHandler backchannel)
    {
        (gam.Authority, gam.ClientId, gam.ClientSecret, gam.BackchannelHttpHandler) = (Farm.Authority, GamEmulatorDefaults.ClientId, GamEmulatorDefaults.ClientSecret, backchannel);
        (gam.CorrelationCookie.SecurePolicy, gam.CorrelationCookie.SameSite) = (CookieSecurePolicy.SameAsRequest, SameSiteMode.Lax);
    }

    /// <summary>An API call with a bearer token.</summary>
    public async Task<HttpResponseMessage> CallAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // An instance "killed" mid-request: its hanging requests are abandoned.
        }

        await _app.DisposeAsync();
    }
}

internal sealed record SavedTokens(string? Access, string? Refresh, string? UserGuid);
