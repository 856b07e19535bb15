using System.Globalization;

namespace GamAuthentication.Samples.Farm;

/// <summary>
/// What the launcher starts, read from the command line (<c>--BasePort=6080</c>) or environment (<c>GAMFARM_BasePort=6080</c>).
/// </summary>
/// <param name="BasePort">
/// The balancer's MVC port; the others follow from it: GAM at base−10, MVC instances at base+1…, the API balancer at
/// base+10, API instances at base+11…. <c>0</c> picks a free loopback port for each (tests).
/// </param>
/// <param name="MvcInstances">How many MVC sample processes (default 3).</param>
/// <param name="ApiInstances">How many API sample processes (default 2).</param>
/// <param name="AccessTokenLifetimeSeconds">
/// The emulator's access-token lifetime (default 90 s). The user-token manager refreshes 60 s before expiry, so 90 s
/// means a refresh every 30 s; anything at or below 60 s makes every API call start with a refresh.
/// </param>
/// <param name="ServerSideSessions">Whether the MVC instances keep tokens in Redis and the cookie carries only a session id (default on).</param>
/// <param name="Redis">An existing Redis to use (StackExchange.Redis configuration string); empty: the launcher starts redis-server.</param>
public sealed record FarmSettings(
    int BasePort = FarmSettings.DefaultBasePort,
    int MvcInstances = 3,
    int ApiInstances = 2,
    int AccessTokenLifetimeSeconds = 90,
    bool ServerSideSessions = true,
    string? Redis = null)
{
    /// <summary>The balancer's MVC port when none is given: http://localhost:5080, the MVC sample's usual address.</summary>
    public const int DefaultBasePort = 5080;

    /// <summary>The environment-variable prefix: <c>GAMFARM_BasePort</c> etc.</summary>
    public const string EnvironmentPrefix = "GAMFARM_";

    /// <summary>Reads the settings; a bad value throws with a message that names the key.</summary>
    public static FarmSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new FarmSettings();
        return new FarmSettings(
            Int(configuration, nameof(BasePort), defaults.BasePort, 0, 65000),
            Int(configuration, nameof(MvcInstances), defaults.MvcInstances, 1, 9),
            Int(configuration, nameof(ApiInstances), defaults.ApiInstances, 1, 9),
            Int(configuration, nameof(AccessTokenLifetimeSeconds), defaults.AccessTokenLifetimeSeconds, 1, 86400),
            Bool(configuration, nameof(ServerSideSessions), defaults.ServerSideSessions),
            configuration[nameof(Redis)] is { Length: > 0 } redis ? redis : null);
    }

    private static int Int(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}, not '{value}'.");
    }

    private static bool Bool(IConfiguration configuration, string key, bool fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return bool.TryParse(value, out var parsed) ? parsed : throw new InvalidOperationException($"{key} must be true or false, not '{value}'.");
    }
}
