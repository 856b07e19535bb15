using Microsoft.Extensions.Configuration;

namespace GamAuthentication.Emulator.Tool;

/// <summary>
/// What the tool mounts where, read from the root of the configuration (command line <c>--PathBase=/</c>,
/// environment <c>PathBase=/</c>, or <c>appsettings.json</c>). The emulator itself reads <c>GamEmulator:*</c>.
/// </summary>
internal sealed record EmulatorToolSettings(string PathBase, bool OpenIdConnect, string OpenIdConnectPathBase)
{
    public const string PathBaseKey = "PathBase";
    public const string OpenIdConnectKey = "OpenIdConnect";
    public const string OpenIdConnectPathBaseKey = "OpenIdConnectPathBase";

    /// <summary>Reads and checks the settings; a bad value throws with a message that names the key.</summary>
    public static EmulatorToolSettings From(IConfiguration configuration)
    {
        var openIdConnect = configuration[OpenIdConnectKey];
        bool enabled;
        if (string.IsNullOrWhiteSpace(openIdConnect))
        {
            enabled = false;
        }
        else if (!bool.TryParse(openIdConnect, out enabled))
        {
            throw new InvalidOperationException($"{OpenIdConnectKey} must be true or false, not '{openIdConnect}'.");
        }

        return new EmulatorToolSettings(
            Path(configuration, PathBaseKey, GamEmulatorDefaults.PathPrefix),
            enabled,
            Path(configuration, OpenIdConnectPathBaseKey, GamEmulatorDefaults.OpenIdConnectPathPrefix));
    }

    private static string Path(IConfiguration configuration, string key, string fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        value = value.Trim();
        if (!value.StartsWith('/') || value.IndexOfAny(['?', '#', ' ', '\\']) >= 0 || !Uri.IsWellFormedUriString(value, UriKind.Relative))
        {
            throw new InvalidOperationException($"{key} must be a path that starts with '/' (e.g. /gam, or / for the root), not '{value}'.");
        }

        return value;
    }
}
