namespace GamAuthentication.Emulator;

/// <summary>A GAM client application.</summary>
public sealed class GamEmulatorClient
{
    /// <summary>Client ID.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Client secret; <see langword="null"/> or empty = public client (never asked for a secret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Callback URLs accepted as <c>redirect_uri</c> (exact, ordinal match).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// Valid URLs after single logout (exact, ordinal match). Loopback URLs are also accepted while
    /// <see cref="GamEmulatorOptions.AllowAnyLoopbackRedirectUri"/> is on; an empty list allows nothing else
    /// unless <see cref="GamEmulatorOptions.AllowAnyPostLogoutRedirectUri"/> is on.
    /// </summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Scopes the client may obtain; empty = all. Requested scopes outside the list are dropped.</summary>
    public List<string> AllowedScopes { get; set; } = [];

    /// <summary>Whether REST (v2.0) password and API-key logins are allowed (GAM error 230 otherwise). Default <see langword="true"/>.</summary>
    public bool AllowRestAuthentication { get; set; } = true;

    /// <summary>Whether API-key logins are allowed. Default <see langword="true"/>.</summary>
    public bool AllowApiKey { get; set; } = true;

    /// <summary>PKCE policy of the client (GAM's OAuth 2.0 option). Default <see cref="GamEmulatorPkceMode.Optional"/>.</summary>
    public GamEmulatorPkceMode PkceMode { get; set; } = GamEmulatorPkceMode.Optional;
}
