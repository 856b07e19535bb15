using GamAuthentication.Emulator;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Samples.Mvc.Startup;

/// <summary>
/// One Information line at start-up saying where the embedded GAM emulator is and who can sign in, so a developer
/// who just typed <c>dotnet run</c> knows what to do next. Passwords are not logged: the emulator's sign-in page shows them.
/// </summary>
public static partial class EmulatorAnnouncement
{
    /// <summary>Logs the line once the app has started.</summary>
    public static void LogWhenStarted(WebApplication app, string authority)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<GamEmulatorOptions>>().Value;
            var users = string.Join(", ", options.Users.Select(Describe));
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EmulatorAnnouncement).FullName!);
            LogMounted(logger, authority, users, options.AccessTokenLifetimeSeconds, options.MaxTokenRenewals);
        });
    }

    private static string Describe(GamEmulatorUser user)
    {
        var roles = user.Roles.Count == 0 ? "no roles" : string.Join(", ", user.Roles);
        return user.RequireSecondFactor ? $"{user.UserName} ({roles}; second factor)" : $"{user.UserName} ({roles})";
    }

    [LoggerMessage(1, LogLevel.Information,
        "GAM emulator mounted at {Authority}; demo users: {Users} (passwords on its sign-in page); access tokens last {LifetimeSeconds} s, {Renewals} renewals")]
    private static partial void LogMounted(ILogger logger, string authority, string users, int lifetimeSeconds, int renewals);
}
