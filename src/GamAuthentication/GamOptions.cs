using GamAuthentication.Claims;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication;

/// <summary>
/// Options of the GAM sign-in handler (<c>AddGam()</c>). Bind from configuration section
/// <c>Authentication:Schemes:{scheme}</c> or set in code.
/// </summary>
public class GamOptions : OAuthOptions, Configuration.IGamConfiguredOptions
{
    /// <summary>Creates options with GAM's defaults: callback <c>/signin-gam</c>, PKCE S256, scopes
    /// <c>gam_user_data</c> and <c>gam_user_roles</c>, tokens saved, every userinfo field mapped to claims.</summary>
    public GamOptions()
    {
        CallbackPath = GamDefaults.CallbackPath;
        UsePkce = true;
        SaveTokens = true;
        Scope.Add(GamDefaults.UserDataScope);
        Scope.Add(GamDefaults.UserRolesScope);
        ClaimActions.MapGamUserInfo();
    }

    /// <summary>
    /// The GAM base URL including its virtual directory, e.g. <c>https://idp.example.com/MyApp</c>.
    /// Unset endpoints are derived from it by <see cref="EndpointProfile"/>. Must use https except for
    /// loopback hosts.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Which family of endpoints <see cref="Authority"/> expands to. Default: <see cref="GamEndpointProfile.WebIdp"/>.</summary>
    public GamEndpointProfile EndpointProfile { get; set; } = GamEndpointProfile.WebIdp;

    /// <summary>
    /// With <see cref="GamEndpointProfile.OpenIdConnect"/>: the provider's discovery document. Default (null):
    /// <c>{Authority}/.well-known/openid-configuration</c>. Must use https except for loopback hosts.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// With <see cref="GamEndpointProfile.OpenIdConnect"/>: whether a token response without an <c>id_token</c> fails the
    /// sign-in. Default false: such a response (an OAuth 2.0 server that is not quite OpenID Connect) signs in with
    /// userinfo alone, as with GAM. Every OpenID Connect provider sends one when <c>openid</c> is asked for (Core
    /// §3.1.3.3); set it to true to insist, so that the nonce and the id_token's <c>sub</c> are always checked.
    /// </summary>
    public bool RequireIdToken { get; set; }

    /// <summary>The OpenID Connect library behind <see cref="GamEndpointProfile.OpenIdConnect"/>, when registered.</summary>
    internal Discovery.IGamOpenIdConnectProvider? OpenIdConnectProvider { get; set; }

    /// <summary>
    /// With <see cref="GamEndpointProfile.OpenIdConnect"/> and no <c>AuthorizationEndpoint</c> set: the challenge writes the
    /// discovered one into <c>AuthorizationEndpoint</c> (the framework builds the redirect from it) and finds it again each time.
    /// </summary>
    internal bool AuthorizationEndpointIsDiscovered { get; set; }

    /// <summary>
    /// How the access token is presented to the userinfo endpoint. When null (the default), the
    /// profile decides: <see cref="GamTokenStyle.Raw"/> for GAM, <see cref="GamTokenStyle.Bearer"/> for
    /// Globant Enterprise AI.
    /// </summary>
    public GamTokenStyle? UserInformationTokenStyle { get; set; }

    /// <summary>GAM's single sign-out endpoint (<c>/oauth/gam/signout</c>). Derived from <see cref="Authority"/> when not set.</summary>
    public string? EndSessionEndpoint { get; set; }

    /// <summary>
    /// Where GAM sends the browser back after its sign-out (<c>/oauth/gam/signout</c>), sent as <c>redirect_uri</c>.
    /// The handler checks the returned <c>state</c> there and then redirects to the signed-out page. Must be listed
    /// in the GAM application's "Valid URLs after Single Logout" when that list is not empty. Default
    /// <c>/signout-callback-gam</c>.
    /// </summary>
    public PathString SignedOutCallbackPath { get; set; } = GamDefaults.SignedOutCallbackPath;

    /// <summary>
    /// The app's signed-out page, used after GAM sign-out when <c>SignOutAsync</c> was given no
    /// <c>AuthenticationProperties.RedirectUri</c>. Default <c>/</c>.
    /// </summary>
    public string SignedOutRedirectUri { get; set; } = "/";

    /// <summary>
    /// The IdP repository GUID, for multi-tenant GAM identity providers. Sent as <c>repository</c> on the
    /// authorization request when set.
    /// </summary>
    public string? Repository { get; set; }

    /// <summary>
    /// Also send <c>oauth=auth</c> on the authorization request, which older GAM identity providers
    /// require instead of <c>response_type=code</c>. Default: false.
    /// </summary>
    public bool UseLegacyAuthorizationParameter { get; set; }

    /// <summary>Require https for every GAM endpoint except loopback hosts. Default: true.</summary>
    public bool RequireHttpsEndpoints { get; set; } = true;

    /// <summary>The largest response body accepted from GAM, in bytes. Default: 256 KiB.</summary>
    public int MaxResponseBytes { get; set; } = GamDefaults.MaxResponseBytes;

    /// <summary>The token style actually used for userinfo: <see cref="UserInformationTokenStyle"/> or the profile's default.</summary>
    internal GamTokenStyle EffectiveUserInformationTokenStyle =>
        UserInformationTokenStyle ?? GamEndpoints.DefaultTokenStyle(EndpointProfile);

    /// <summary>What configuration binding could not use (bad values, unknown keys), reported by validation.</summary>
    List<string> Configuration.IGamConfiguredOptions.ConfigurationProblems { get; } = [];

    internal List<string> ConfigurationProblems => ((Configuration.IGamConfiguredOptions)this).ConfigurationProblems;

    /// <summary>Checks the options; throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming every bad setting.</summary>
    public override void Validate() => GamOptionsValidator.ThrowIfInvalid(this, scheme: null);

    /// <summary>
    /// Checks the options of <paramref name="scheme"/> (the framework calls this when it builds them; the app checks
    /// every scheme at start-up); throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming
    /// every bad setting and its configuration key <c>Authentication:Schemes:{scheme}:{setting}</c>.
    /// </summary>
    /// <param name="scheme">The authentication scheme name.</param>
    public override void Validate(string scheme) => GamOptionsValidator.ThrowIfInvalid(this, scheme);
}
