namespace GamAuthentication.Emulator;

/// <summary>The route families of the emulator, for call counters.</summary>
public enum GamEmulatorEndpoint
{
    /// <summary><c>oauth/gam/signin</c> and the OpenID Connect <c>auth</c> endpoint (GET and POST).</summary>
    SignIn = 0,

    /// <summary>All token endpoints: <c>oauth/gam/access_token</c>, <c>oauth/gam/v2.0/access_token</c>, <c>oauth/access_token</c>, OpenID Connect <c>token</c>.</summary>
    Token = 1,

    /// <summary>All userinfo endpoints: <c>oauth/gam/userinfo</c>, <c>oauth/gam/v2.0/userinfo</c>, <c>openid/userinfo</c>, <c>oauth/userinfo</c>, OpenID Connect <c>me</c>.</summary>
    UserInfo = 2,

    /// <summary><c>oauth/gam/signout</c> and the OpenID Connect end-session endpoint (<c>logout</c>).</summary>
    SignOut = 3,

    /// <summary><c>oauth/logout</c>.</summary>
    Logout = 4,

    /// <summary>The OpenID Connect discovery document (<c>.well-known/openid-configuration</c>).</summary>
    Discovery = 5,

    /// <summary>The OpenID Connect JWKS document (<c>certs</c>).</summary>
    Jwks = 6,
}
