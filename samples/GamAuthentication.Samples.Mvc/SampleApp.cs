using GamAuthentication;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Samples.Mvc;

/// <summary>
/// Builds the MVC sample. Program.cs runs it; the browser tests start the same app on a free port.
/// </summary>
public static class SampleApp
{
    /// <summary>The address the sample serves when no URL is configured.</summary>
    public const string DefaultUrl = "http://localhost:5080";

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

        configure?.Invoke(builder);

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        if (useEmulator)
        {
            app.MapGamEmulator("/gam");
        }

        app.MapControllers();
        return app;
    }

    /// <summary>
    /// The emulator's base URL: this app's own first URL + <c>/gam</c>, e.g. http://localhost:5080/gam.
    /// Wildcard hosts become localhost so the handler's backchannel can reach it.
    /// </summary>
    public static string EmulatorAuthority(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var first = (configuration[WebHostDefaults.ServerUrlsKey] ?? DefaultUrl)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var uri = new UriBuilder(first.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
        return uri.Uri.GetLeftPart(UriPartial.Authority) + "/gam";
    }
}
