using Microsoft.Extensions.Options;

namespace GamAuthentication;

/// <summary>
/// Derives unset endpoints from <see cref="GamOptions.Authority"/> and gives the scheme a backchannel from
/// <see cref="IHttpClientFactory"/> (client name <see cref="GamDefaults.BackchannelClientName"/>).
/// Runs before the framework's OAuth post-configuration, which then leaves the backchannel alone.
/// </summary>
internal sealed class GamPostConfigureOptions(IHttpClientFactory httpClientFactory, IServiceProvider services) : IPostConfigureOptions<GamOptions>
{
    public void PostConfigure(string? name, GamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.OpenIdConnectProvider ??= services.GetService(typeof(Discovery.IGamOpenIdConnectProvider)) as Discovery.IGamOpenIdConnectProvider;
        if (options.EndpointProfile == GamEndpointProfile.OpenIdConnect)
        {
            // The endpoints come from discovery (set explicitly ones still win); the scope is OpenID Connect's.
            UseOpenIdConnectScopes(options.Scope);
            Claims.GamOpenIdConnectClaims.UseOpenIdConnectIdentity(options.ClaimActions);
            options.AuthorizationEndpointIsDiscovered = string.IsNullOrWhiteSpace(options.AuthorizationEndpoint);
        }

        var authority = options.Authority;
        if (options.EndpointProfile != GamEndpointProfile.OpenIdConnect && !string.IsNullOrWhiteSpace(authority) && Uri.TryCreate(authority, UriKind.Absolute, out _))
        {
            options.AuthorizationEndpoint = Derive(options.AuthorizationEndpoint, authority, GamEndpoints.SignInPath);
            options.TokenEndpoint = Derive(options.TokenEndpoint, authority, CodeExchangePath(options.EndpointProfile));
            options.UserInformationEndpoint = Derive(options.UserInformationEndpoint, authority, GamEndpoints.UserInfoPath(options.EndpointProfile));
            options.EndSessionEndpoint = Derive(options.EndSessionEndpoint, authority, GamEndpoints.SignOutPath);
        }

        if (options.Backchannel is null && options.BackchannelHttpHandler is null)
        {
            var client = httpClientFactory.CreateClient(GamDefaults.BackchannelClientName(name ?? GamDefaults.AuthenticationScheme));
            client.Timeout = options.BackchannelTimeout > TimeSpan.Zero ? options.BackchannelTimeout : TimeSpan.FromSeconds(60);
            options.Backchannel = client;
        }
    }

    /// <summary>
    /// Where codes from <see cref="GamEndpoints.SignInPath"/> are redeemed. Globant Enterprise AI's token endpoint
    /// (<c>/oauth/access_token</c>) is GeneXus' app-level endpoint: it reads <c>grant_type</c> as an authentication
    /// type name and has no <c>authorization_code</c> grant, so the code goes to the Web IdP's token endpoint,
    /// which issued it.
    /// </summary>
    private static string CodeExchangePath(GamEndpointProfile profile) =>
        profile == GamEndpointProfile.GlobantEnterpriseAI ? GamEndpoints.WebIdpTokenPath : GamEndpoints.TokenPath(profile);

    /// <summary>GAM's default scopes mean nothing to an OpenID Connect provider: untouched, they become <c>openid profile email</c>; <c>openid</c> is always there.</summary>
    private static void UseOpenIdConnectScopes(ICollection<string> scope)
    {
        if (scope.Count == 2 && scope.Contains(GamDefaults.UserDataScope) && scope.Contains(GamDefaults.UserRolesScope))
        {
            scope.Clear();
            scope.Add("profile");
            scope.Add("email");
        }

        if (!scope.Contains("openid"))
        {
            scope.Add("openid");
        }
    }

    private static string Derive(string? current, string authority, string path) =>
        string.IsNullOrWhiteSpace(current) ? GamEndpoints.Combine(authority, path) : current;
}
