namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>The OpenID Connect routes relative to the provider's prefix, laid out like OneLogin's <c>/oidc/2</c>.</summary>
internal static class OpenIdConnectRoutes
{
    public const string Discovery = ".well-known/openid-configuration";
    public const string Authorize = "auth";
    public const string Token = "token";
    public const string UserInfo = "me";
    public const string Jwks = "certs";
    public const string EndSession = "logout";
}
