namespace GamAuthentication.Tokens;

/// <summary>
/// Settings of a service token attached to an outgoing <see cref="HttpClient"/> by <c>AddGamClientAccessToken(...)</c>:
/// the GAM application (inherited from <see cref="GamTokenClientOptions"/>), the service's credentials (an API key, or a
/// user name and password), and how the token is presented downstream.
/// </summary>
public sealed class GamClientAccessTokenOptions : GamTokenClientOptions
{
    /// <summary>The API key of the service account. Set either this or <see cref="UserName"/> and <see cref="Password"/>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The user name of the service account (password grant).</summary>
    public string? UserName { get; set; }

    /// <summary>The password of the service account (password grant). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Login properties sent with the password grant (<c>initial_properties</c>).</summary>
    public IList<GamProperty> InitialProperties { get; } = new List<GamProperty>();

    /// <summary>
    /// How long before the token expires a new one is obtained. Default 60 seconds; never more than half the
    /// token's lifetime. Tokens that never expire (<c>expires_in: 0</c>, e.g. API keys) are kept until the
    /// downstream API rejects them.
    /// </summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = GamTokenDefaults.RefreshBeforeExpiry;

    /// <summary>
    /// How the token is sent downstream. Default <see cref="GamTokenStyle.Bearer"/> (<c>Authorization: Bearer …</c>);
    /// <see cref="GamTokenStyle.Raw"/> and <see cref="GamTokenStyle.OAuth"/> suit GeneXus services.
    /// </summary>
    public GamTokenStyle TokenStyle { get; set; } = GamTokenStyle.Bearer;

    /// <inheritdoc />
    internal override IReadOnlyList<string> Validate(string prefix)
    {
        var failures = new List<string>(base.Validate(prefix));
        var hasApiKey = !string.IsNullOrWhiteSpace(ApiKey);
        var hasPassword = !string.IsNullOrWhiteSpace(UserName) || !string.IsNullOrEmpty(Password);
        if (hasApiKey == hasPassword)
        {
            failures.Add($"GAM: set either ApiKey ({prefix}ApiKey) or UserName and Password ({prefix}UserName, {prefix}Password) for the service token, not both and not neither.");
        }
        else if (hasPassword && (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password)))
        {
            failures.Add($"GAM: the password grant needs both UserName ({prefix}UserName) and Password ({prefix}Password).");
        }

        if (hasApiKey && EndpointProfile == GamEndpointProfile.GlobantEnterpriseAI)
        {
            failures.Add($"GAM: ApiKey ({prefix}ApiKey) needs EndpointProfile RestIdp; Globant Enterprise AI has no API-key grant.");
        }

        if (RefreshBeforeExpiry < TimeSpan.Zero)
        {
            failures.Add($"GAM: RefreshBeforeExpiry ({prefix}RefreshBeforeExpiry) must not be negative.");
        }

        if (TokenStyle is not (GamTokenStyle.Bearer or GamTokenStyle.Raw or GamTokenStyle.OAuth))
        {
            failures.Add($"GAM: TokenStyle ({prefix}TokenStyle) must be Bearer, Raw or OAuth for outgoing calls.");
        }

        return failures;
    }
}
