using GamAuthentication.Emulator;
using GamAuthentication.Bearer;
using GamAuthentication.Samples.Api.Startup;
using GamAuthentication.Samples.Api.Farm;

namespace GamAuthentication.Samples.Api;

/// <summary>
/// Builds the API sample. Program.cs runs it; tests and the load benchmark start the same app.
/// </summary>
public static class SampleApi
{
    /// <summary>The address the sample serves when no URL is configured.</summary>
    public const string DefaultUrl = "http://localhost:5090";

    /// <summary>Creates the app. <paramref name="configure"/> lets tests and benchmarks add services (e.g. a distributed cache).</summary>
    /// <param name="args">Command-line arguments (any configuration key, e.g. <c>--Authentication:Schemes:GamBearer:Authority=...</c>).</param>
    /// <param name="configure">Optional extra configuration of the builder.</param>
    /// <returns>The app, not yet started.</returns>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // No GAM configured → validate tokens against the GAM emulator mounted in this app at /gam.
        var useEmulator = string.IsNullOrEmpty(builder.Configuration["Authentication:Schemes:GamBearer:Authority"])
            && string.IsNullOrEmpty(builder.Configuration["Authentication:Schemes:GamBearer:UserInformationEndpoint"]);
        if (useEmulator)
        {
            builder.Services.AddGamEmulator();
        }

        // The explicit application part lets tests and benchmarks host this app from another entry assembly.
        builder.Services.AddControllers().AddApplicationPart(typeof(SampleApi).Assembly);

        // Everything else (caching, token forms, timeouts) binds from Authentication:Schemes:GamBearer.
        builder.Services
            .AddAuthentication(GamBearerDefaults.AuthenticationScheme)
            .AddGamBearer(options =>
            {
                if (useEmulator)
                {
                    options.Authority = EmulatorAuthority(builder.Configuration);
                }
            });

        // /health probes GAM's userinfo without a token, through the scheme's backchannel: GAM's own 401 means it is up.
        builder.Services.AddHealthChecks().AddGamHealthCheck(GamBearerDefaults.AuthenticationScheme);

        Telemetry.ExportToConsoleWhenAsked(builder);

        // ConnectionStrings:Redis set: one of several instances behind a load balancer, sharing the token cache and
        // revocations through Redis (Farm/FarmMode.cs, AddGamRedis).
        FarmMode.AddWhenConfigured(builder);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        if (useEmulator)
        {
            app.MapGamEmulator("/gam");
            EmulatorAnnouncement.LogWhenStarted(app, EmulatorAuthority(app.Configuration));
        }

        app.MapControllers();

        // For load balancers and orchestrators: no credentials needed, and only "Healthy"/"Unhealthy" is shown.
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The emulator's base URL: this app's own first URL + <c>/gam</c>, e.g. http://localhost:5090/gam.
    /// Wildcard hosts become localhost so the handler's backchannel can reach it.
    /// </summary>
    /// <param name="configuration">The app configuration.</param>
    /// <returns>The emulator authority.</returns>
    public static string EmulatorAuthority(IConfiguration configuration) =>
        GamEmulatorUrls.AuthorityFor(configuration, DefaultUrl);
}
