namespace GamAuthentication.Emulator;

/// <summary>PKCE policy of a client (GAM's <c>ClientAllowRemoteAuthenticationOAuth20Option</c>).</summary>
public enum GamEmulatorPkceMode
{
    /// <summary>"Basic and PKCE": PKCE parameters are used when sent.</summary>
    Optional = 0,

    /// <summary>"PKCE": authorization requests without <c>code_challenge</c> are rejected.</summary>
    Required = 1,

    /// <summary>"Basic": PKCE parameters are ignored.</summary>
    Disabled = 2,
}
