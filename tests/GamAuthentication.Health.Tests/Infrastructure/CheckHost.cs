using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using GamAuthentication.Bearer;

namespace GamAuthentication.Health.Tests.Infrastructure;

/// <summary>
/// The app under test, in process (TestServer): GAM sign-in (<c>Gam</c>) and bearer (<c>GamBearer</c>) schemes pointed at
/// a GAM, the health checks it registers, <c>/health</c>, and <c>/me</c> (bearer-protected) to make the bearer scheme call
/// GAM with a token before a probe. Its backchannels are the real <see cref="IHttpClientFactory"/> clients over loopback.
/// </summary>
public sealed class CheckHost : IAsyncDisposable
{
    public const string ClientSecret = "health-test-secret-value";

    private CheckHost(WebApplication app) => App = app;

    public WebApplication App { get; }

    /// <summary>Starts the app. <paramref name="checks"/> registers the checks; <paramref name="gam"/> configures both schemes.</summary>
    public static async Task<CheckHost> StartAsync(
        string authority,
        Action<IHealthChecksBuilder> checks,
        Action<GamOptions>? gam = null,
        Action<GamBearerOptions>? bearer = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie()
            .AddGam(o =>
            {
                o.Authority = authority;
                o.ClientId = GamEmulatorDefaults.ClientId;
                o.ClientSecret = ClientSecret;
                gam?.Invoke(o);
            })
            .AddGamBearer(o =>
            {
                o.Authority = authority;
                bearer?.Invoke(o);
            });
        builder.Services.AddAuthorization();
        checks(builder.Services.AddHealthChecks());
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health");
        app.MapGet("/me", (HttpContext context) => context.User.Identity!.Name)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(GamBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        await app.StartAsync();
        return new CheckHost(app);
    }

    /// <summary>Runs every registered check and returns the one named <paramref name="name"/>.</summary>
    public async Task<HealthReportEntry> CheckAsync(string name)
    {
        var report = await App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[name];
    }

    /// <summary>Starts <see cref="CheckAsync"/> without waiting (for probes that hang until the clock moves).</summary>
    public Task<HealthReportEntry> StartCheck(string name) => Task.Run(() => CheckAsync(name));

    /// <summary>An HTTP client for the app itself.</summary>
    public HttpClient CreateClient() => App.GetTestClient();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
