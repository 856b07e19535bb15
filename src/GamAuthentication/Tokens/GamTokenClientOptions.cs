namespace GamAuthentication.Tokens;

/// <summary>
/// Settings of a <see cref="GamTokenClient"/>: where GAM is, which application asks, and the defaults of the
/// password grant. Set in code or bind from configuration (<c>AddGamTokenClient(name, section)</c>).
/// </summary>
public class GamTokenClientOptions : Configuration.IGamConfiguredOptions
{
    /// <summary>
    /// The GAM base URL including its virtual directory, e.g. <c>https://idp.example.com/MyApp</c>.
    /// <see cref="TokenEndpoint"/> is derived from it by <see cref="EndpointProfile"/> when not set. Must use
    /// https except for loopback hosts.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Which token endpoint <see cref="Authority"/> expands to. Default <see cref="GamEndpointProfile.RestIdp"/>
    /// (<c>/oauth/gam/v2.0/access_token</c>: password, API key and refresh grants).
    /// <see cref="GamEndpointProfile.GlobantEnterpriseAI"/> uses <c>/oauth/access_token</c> (client ID, scope,
    /// user name and password; no grant type, no secret needed).
    /// </summary>
    public GamEndpointProfile EndpointProfile { get; set; } = GamEndpointProfile.RestIdp;

    /// <summary>
    /// With <see cref="GamEndpointProfile.OpenIdConnect"/>: the provider's discovery document, where the token endpoint is
    /// found. Default (null): <c>{Authority}/.well-known/openid-configuration</c>. Must use https except for loopback hosts.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The OpenID Connect library behind <see cref="GamEndpointProfile.OpenIdConnect"/>, when registered.</summary>
    internal Discovery.IGamOpenIdConnectProvider? OpenIdConnectProvider { get; set; }

    /// <summary>The token endpoint URL. Derived from <see cref="Authority"/> and <see cref="EndpointProfile"/> when not set.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The Client ID of the GAM application. Required.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret of the GAM application. Required by GAM's REST IdP; not used by Globant Enterprise AI. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Scopes requested with the password grant, e.g. <c>gam_user_data</c>, <c>gam_user_roles</c>. Default: those two.
    /// (API keys carry the scopes frozen into the key, so none are sent with the API-key grant.)
    /// </summary>
    public ICollection<string> Scope { get; } = new List<string> { GamDefaults.UserDataScope, GamDefaults.UserRolesScope };

    /// <summary>
    /// The authentication type name sent with the password grant (<c>authentication_type_name</c>), e.g. <c>local</c>.
    /// Default null: not sent, GAM uses the repository's default authentication type.
    /// </summary>
    public string? AuthenticationTypeName { get; set; }

    /// <summary>The authentication type name sent with the API-key grant. Default <c>apikey</c>.</summary>
    public string ApiKeyAuthenticationTypeName { get; set; } = GamTokenDefaults.ApiKeyAuthenticationTypeName;

    /// <summary>The IdP repository GUID (<c>repository</c>), for multi-tenant GAM identity providers. Default: not sent.</summary>
    public string? Repository { get; set; }

    /// <summary>Which security policy governs tokens of the password grant (<c>request_token_type</c>). Default null: not sent (GAM uses OAuth).</summary>
    public GamRequestTokenType? RequestTokenType { get; set; }

    /// <summary>Require https for the token endpoint except on loopback hosts. Default: true.</summary>
    public bool RequireHttpsEndpoints { get; set; } = true;

    /// <summary>The largest token response accepted from GAM, in bytes. Default: 256 KiB.</summary>
    public int MaxResponseBytes { get; set; } = GamDefaults.MaxResponseBytes;

    /// <summary>Timeout of one token request. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = GamTokenDefaults.TokenRequestTimeout;

    /// <summary>The token endpoint actually used: <see cref="TokenEndpoint"/>, or derived from <see cref="Authority"/>.</summary>
    internal string? EffectiveTokenEndpoint =>
        !string.IsNullOrWhiteSpace(TokenEndpoint) ? TokenEndpoint
        : !string.IsNullOrWhiteSpace(Authority) && EndpointProfile != GamEndpointProfile.OpenIdConnect ? GamEndpoints.Combine(Authority, GamEndpoints.TokenPath(EndpointProfile))
        : null;

    /// <summary>What configuration binding could not use (bad values, unknown keys), reported by validation.</summary>
    List<string> Configuration.IGamConfiguredOptions.ConfigurationProblems { get; } = [];

    internal List<string> ConfigurationProblems => ((Configuration.IGamConfiguredOptions)this).ConfigurationProblems;

    /// <summary>Checks the settings and returns one message per bad setting (empty when all are good).</summary>
    /// <param name="prefix">How the settings are named in the messages, e.g. a configuration path ending in <c>:</c>.</param>
    /// <returns>The problems found.</returns>
    internal virtual IReadOnlyList<string> Validate(string prefix)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            failures.Add($"GAM: ClientId ({prefix}ClientId) is required: the Client ID of the GAM application.");
        }

        if (EndpointProfile == GamEndpointProfile.OpenIdConnect)
        {
            Discovery.GamDiscovery.Check(failures, prefix, Authority, MetadataAddress, RequireHttpsEndpoints, OpenIdConnectProvider is not null,
                providerNeeded: string.IsNullOrWhiteSpace(TokenEndpoint), ("TokenEndpoint", TokenEndpoint));
        }
        else
        {
            GamOptionsValidator.CheckEndpoints(failures, prefix, Authority, RequireHttpsEndpoints, ("TokenEndpoint", EffectiveTokenEndpoint));
        }

        if (!Enum.IsDefined(EndpointProfile))
        {
            failures.Add($"GAM: EndpointProfile ({prefix}EndpointProfile) must be WebIdp, RestIdp, GlobantEnterpriseAI or OpenIdConnect.");
        }

        if (MaxResponseBytes <= 0)
        {
            failures.Add($"GAM: MaxResponseBytes ({prefix}MaxResponseBytes) must be greater than zero.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            failures.Add($"GAM: Timeout ({prefix}Timeout) must be greater than zero.");
        }

        if (RequestTokenType is { } type && !Enum.IsDefined(type))
        {
            failures.Add($"GAM: RequestTokenType ({prefix}RequestTokenType) must be OAuth or Web.");
        }

        return failures;
    }
}
