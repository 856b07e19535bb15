using GamAuthentication.Emulator;
using GamAuthentication.Samples.Mvc.Farm;
using GamAuthentication.Samples.Mvc.Session;
using GamAuthentication.Samples.Mvc.SignIn;
using GamAuthentication.Samples.Mvc.Startup;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GamAuthentication.Samples.Mvc;

/// <summary>
/// Builds the MVC sample. Program.cs runs it; the browser tests start the same app on a free port.
/// </summary>
public static class SampleApp
{
    /// <summary>The address the sample serves when no URL is configured.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>The API sample's address when <c>Samples:ApiBaseUrl</c> is not configured.</summary>
    public const string DefaultApiBaseUrl = "http://localhost:5090";

    /// <summary>The HttpClient that calls the API sample with the signed-in user's GAM token.</summary>
    public const string ApiClientName = "SampleApi";

    /// <summary>Creates the app. <paramref name="configure"/> lets tests replace services (e.g. the clock).</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // ApplicationName pins MVC's controller and view discovery to this assembly, also when a test host starts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SampleApp).Assembly.GetName().Name,
        });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // No Authority configured → sign in against the GAM emulator mounted in this app at /gam.
        var useEmulator = string.IsNullOrEmpty(builder.Configuration["Authentication:Schemes:Gam:Authority"]);
        if (useEmulator)
        {
            builder.Services.AddGamEmulator();
        }

        builder.Services.AddControllersWithViews();
        builder.Services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = GamDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.AccessDeniedPath = "/denied";
                options.Cookie.Name = "GamSample";
            })
            .AddGam(options =>
            {
                // A forged, replayed or tampered callback, access_denied or a GAM error: one log line and a
                // friendly 4xx page, never an exception page.
                options.Events.OnRemoteFailure = SignInFailures.HandleAsync;
                if (useEmulator)
                {
                    options.Authority = EmulatorAuthority(builder.Configuration);
                    options.ClientId = GamEmulatorDefaults.ClientId;
                    options.ClientSecret = GamEmulatorDefaults.ClientSecret;
                }

                if (builder.Environment.IsDevelopment())
                {
                    // Development only: the sample runs on plain http://localhost. The correlation cookie is
                    // Secure and SameSite=None by default, which a browser drops over http; SameAsRequest + Lax
                    // keeps it over http. The GAM callback is a top-level GET redirect, so Lax still sends it.
                    // In production (https) leave the secure defaults alone.
                    options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                }
            });

        // Calls to the API sample carry the signed-in user's GAM token, refreshed before it expires
        // (the refreshed tokens go back into the cookie; a refused refresh signs the user out).
        builder.Services
            .AddHttpClient(ApiClientName, client => client.BaseAddress = new Uri(ApiBaseUrl(builder.Configuration)))
            .AddGamUserAccessToken();
        builder.Services.AddSingleton<SessionTracker>();

        // /health probes GAM's userinfo without a token, through the sign-in scheme's backchannel.
        builder.Services.AddHealthChecks().AddGamHealthCheck();

        // ConnectionStrings:Redis set: one of several instances behind a load balancer (Farm/FarmMode.cs).
        FarmMode.AddWhenConfigured(builder);
        configure?.Invoke(builder);

        Telemetry.ExportToConsoleWhenAsked(builder);
        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        // The sample's own CSS and JS (wwwroot): no CDN, so it works offline.
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        if (useEmulator)
        {
            app.MapGamEmulator("/gam");
            EmulatorAnnouncement.LogWhenStarted(app, EmulatorAuthority(app.Configuration));
        }

        app.MapControllers();

        // For load balancers and orchestrators: no sign-in needed, and only "Healthy"/"Unhealthy" is shown.
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }

    /// <summary>The API sample's base URL: <c>Samples:ApiBaseUrl</c>, default http://localhost:5090.</summary>
    public static string ApiBaseUrl(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["Samples:ApiBaseUrl"];
        return (string.IsNullOrWhiteSpace(configured) ? DefaultApiBaseUrl : configured).TrimEnd('/') + "/";
    }

    /// <summary>
    /// The emulator's base URL: this app's own first URL + <c>/gam</c>, e.g. http://localhost:5080/gam.
    /// Wildcard hosts become localhost so the handler's backchannel can reach it.
    /// </summary>
    public static string EmulatorAuthority(IConfiguration configuration) =>
        GamEmulatorUrls.AuthorityFor(configuration, DefaultUrl);
}
