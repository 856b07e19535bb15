using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Emulator.Tool;

/// <summary>The <c>gam-emulator</c> server: the GAM routes at <c>PathBase</c>, optionally OpenID Connect, until Ctrl+C.</summary>
internal static partial class EmulatorTool
{
    /// <summary>Where the tool listens when no <c>--urls</c> / <c>ASPNETCORE_URLS</c> / <c>urls</c> is configured.</summary>
    public const string DefaultUrl = "http://localhost:5070";

    private const int MaxNamesListed = 10;

    /// <summary>Runs the server; returns the process exit code (2 for bad settings).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Create(args);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("gam-emulator: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.RunAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Builds the app: configuration from appsettings.json (optional, current directory), environment and command line.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var settings = EmulatorToolSettings.From(builder.Configuration);
        builder.Services.AddGamEmulator();
        var app = builder.Build();

        // Resolving the emulator here validates GamEmulator:* now, so a bad setting stops the tool before it listens.
        var emulator = app.Services.GetRequiredService<GamEmulator>();
        app.MapGamEmulator(settings.PathBase);
        if (settings.OpenIdConnect)
        {
            app.MapGamOpenIdConnectEmulator(settings.OpenIdConnectPathBase);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GamAuthentication.Emulator.Tool");
        app.Lifetime.ApplicationStarted.Register(() => LogReady(logger, app, settings, emulator));
        return app;
    }

    private static void LogReady(ILogger logger, WebApplication app, EmulatorToolSettings settings, GamEmulator emulator)
    {
        var addresses = app.Urls.Count > 0 ? app.Urls : [DefaultUrl];
        var authority = string.Join(", ", addresses.Select(a => GamEmulatorUrls.AuthorityForAddress(a, settings.PathBase)));
        var openIdConnect = settings.OpenIdConnect
            ? string.Join(", ", addresses.Select(a => GamEmulatorUrls.AuthorityForAddress(a, settings.OpenIdConnectPathBase)))
            : "off (--OpenIdConnect=true serves it)";
        var users = Names(emulator.Options.Users.Select(u => u.UserName));
        var clients = Names(emulator.Options.Clients.Select(c => c.ClientId + (string.IsNullOrEmpty(c.ClientSecret) ? " (public)" : " (confidential)")));
        LogStarted(logger, authority, openIdConnect, users, clients);
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= MaxNamesListed
            ? string.Join(", ", list)
            : string.Join(", ", list.Take(MaxNamesListed)) + $" and {list.Count - MaxNamesListed} more";
    }

    // Names only: passwords and secrets never reach a log (the demo ones are on the sign-in page and in the README).
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "GAM emulator ready. Authority: {Authority} | OpenID Connect authority: {OpenIdConnectAuthority} | users: {Users} | clients: {Clients}")]
    private static partial void LogStarted(ILogger logger, string authority, string openIdConnectAuthority, string users, string clients);
}
