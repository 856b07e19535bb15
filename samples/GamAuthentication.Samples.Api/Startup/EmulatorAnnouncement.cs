using GamAuthentication.Emulator;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Samples.Api.Startup;

/// <summary>
/// One Information line at start-up saying where the GAM emulator of this API is, which users it knows and how to get
/// a token from it to call the API with. Passwords are not logged: the emulator's sign-in page shows them.
/// </summary>
public static partial class EmulatorAnnouncement
{
    /// <summary>Logs the line once the app has started.</summary>
    public static void LogWhenStarted(WebApplication app, string authority)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var emulator = app.Services.GetRequiredService<IOptions<GamEmulatorOptions>>().Value;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EmulatorAnnouncement).FullName!);
            LogMounted(logger, authority, string.Join(", ", emulator.Users.Select(u => u.UserName)), authority + "/oauth/gam/v2.0/access_token", GamEmulatorDefaults.ClientId);
        });
    }

    [LoggerMessage(1, LogLevel.Information,
        "GAM emulator mounted at {Authority}; demo users: {Users}; get a token with the password grant at {TokenEndpoint} (client_id {ClientId}), then call /api/me with it")]
    private static partial void LogMounted(ILogger logger, string authority, string users, string tokenEndpoint, string clientId);
}
