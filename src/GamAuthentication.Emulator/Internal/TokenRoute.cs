namespace GamAuthentication.Emulator.Internal;

/// <summary>Which token endpoint a request came to.</summary>
internal enum TokenRoute
{
    /// <summary><c>oauth/gam/access_token</c>: authorization_code, refresh_token.</summary>
    Web,

    /// <summary><c>oauth/gam/v2.0/access_token</c>: password (user or API key), authorization_code, refresh_token.</summary>
    Rest,

    /// <summary><c>oauth/access_token</c>: grant_type is an authentication type name, or refresh_token.</summary>
    App,
}
