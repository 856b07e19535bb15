namespace GamAuthentication;

/// <summary>
/// Which family of endpoints an <c>Authority</c> is expanded to. GAM publishes no discovery document, so its endpoint
/// paths are fixed per family; any other OpenID Connect provider is found from its discovery document
/// (<see cref="OpenIdConnect"/>).
/// </summary>
public enum GamEndpointProfile
{
    /// <summary>
    /// The GAM Web Identity Provider (authorization-code flow): <c>/oauth/gam/signin</c>,
    /// <c>/oauth/gam/access_token</c>, <c>/oauth/gam/userinfo</c>. The default.
    /// </summary>
    WebIdp = 0,

    /// <summary>
    /// The GAM REST Identity Provider (v2.0; password, API key and refresh grants):
    /// <c>/oauth/gam/v2.0/access_token</c>, <c>/oauth/gam/v2.0/userinfo</c>. Browser sign-in still
    /// starts at <c>/oauth/gam/signin</c>.
    /// </summary>
    RestIdp = 1,

    /// <summary>
    /// Globant Enterprise AI: <c>/oauth/access_token</c> and <c>/openid/userinfo</c> (Bearer tokens).
    /// Browser sign-in starts at <c>/oauth/gam/signin</c> and <c>AddGam()</c> redeems its codes at
    /// <c>/oauth/gam/access_token</c>, because <c>/oauth/access_token</c> has no authorization-code grant.
    /// </summary>
    GlobantEnterpriseAI = 2,

    /// <summary>
    /// Any certified OpenID Connect provider (OneLogin, Keycloak, Entra ID, ...): the endpoints come from
    /// <c>{Authority}/.well-known/openid-configuration</c> (or <c>MetadataAddress</c>); sign-in asks for <c>openid</c>,
    /// sends a nonce and validates the id_token; tokens go to userinfo as <c>Bearer</c>. Needs the
    /// <c>GamAuthentication.OpenIdConnect</c> package (<c>services.AddGamOpenIdConnect()</c>). Endpoints set explicitly
    /// still win.
    /// </summary>
    OpenIdConnect = 3,
}
