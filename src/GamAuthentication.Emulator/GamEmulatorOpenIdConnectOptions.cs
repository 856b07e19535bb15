namespace GamAuthentication.Emulator;

/// <summary>
/// Settings of the emulator's OpenID Connect provider (<c>GamEmulator:OpenIdConnect</c>). The provider shares
/// users, clients, codes and tokens with the GAM routes; it is served only where
/// <c>MapGamOpenIdConnectEmulator</c> mounts it.
/// </summary>
public sealed class GamEmulatorOpenIdConnectOptions
{
    /// <summary>
    /// The issuer (<c>iss</c> of ID tokens, <c>issuer</c> of the discovery document, base of every endpoint URL).
    /// Default (<see langword="null"/>): worked out per request as <c>{scheme}://{host}{PathBase}{prefix}</c>,
    /// e.g. <c>http://localhost:5070/oidc/2</c>. Set it when clients reach the emulator under another name
    /// (a proxy) than the one it sees.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>Lifetime of ID tokens in seconds (<c>exp</c> − <c>iat</c>). Default 600.</summary>
    public int IdTokenLifetimeSeconds { get; set; } = 600;
}
