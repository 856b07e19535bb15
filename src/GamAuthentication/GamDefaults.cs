namespace GamAuthentication;

/// <summary>Default values used by the GAM authentication handlers.</summary>
public static class GamDefaults
{
    /// <summary>The default scheme of <c>AddGam()</c>: <c>Gam</c>.</summary>
    public const string AuthenticationScheme = "Gam";

    /// <summary>The default display name of <c>AddGam()</c>.</summary>
    public const string DisplayName = "GeneXus Access Manager";

    /// <summary>The default callback path of <c>AddGam()</c>: <c>/signin-gam</c>.</summary>
    public const string CallbackPath = "/signin-gam";

    /// <summary>The default path GAM returns to after sign-out: <c>/signout-callback-gam</c>.</summary>
    public const string SignedOutCallbackPath = "/signout-callback-gam";

    /// <summary>The issuer given to claims when no better one is known.</summary>
    public const string Issuer = "GAM";

    /// <summary>The scope that returns the user's basic profile.</summary>
    public const string UserDataScope = "gam_user_data";

    /// <summary>The scope that returns the user's roles (role External IDs).</summary>
    public const string UserRolesScope = "gam_user_roles";

    /// <summary>The prefix of the configuration section options bind from: <c>Authentication:Schemes:{scheme}</c>.</summary>
    public const string ConfigurationSectionPrefix = "Authentication:Schemes:";

    /// <summary>The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that a scheme uses
    /// to talk to GAM: <c>GamAuthentication.{scheme}</c>, e.g. <c>GamAuthentication.Gam</c>.</summary>
    /// <param name="scheme">The authentication scheme name.</param>
    /// <returns>The HTTP client name.</returns>
    public static string BackchannelClientName(string scheme) => "GamAuthentication." + scheme;

    /// <summary>Default largest response body accepted from GAM, in bytes (256 KiB).</summary>
    public const int MaxResponseBytes = 256 * 1024;
}
