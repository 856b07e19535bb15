namespace GamAuthentication.Tokens;

/// <summary>
/// A password-grant request (<c>grant_type=password</c>) with GAM's extras. Settings left null fall back to
/// <see cref="GamTokenClientOptions"/>. <see cref="object.ToString"/> is not overridden, so the password never shows.
/// </summary>
public sealed class GamPasswordTokenRequest
{
    /// <summary>Creates an empty request; set <see cref="UserName"/> and <see cref="Password"/>.</summary>
    public GamPasswordTokenRequest()
    {
    }

    /// <summary>Creates a request for a user.</summary>
    /// <param name="userName">The GAM user name.</param>
    /// <param name="password">The password.</param>
    public GamPasswordTokenRequest(string userName, string password)
    {
        UserName = userName;
        Password = password;
    }

    /// <summary>The GAM user name (<c>username</c>). Required.</summary>
    public string? UserName { get; set; }

    /// <summary>The password (<c>password</c>). Required. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Scopes to request; null uses <see cref="GamTokenClientOptions.Scope"/>.</summary>
    public IList<string>? Scope { get; set; }

    /// <summary>The authentication type name (<c>authentication_type_name</c>), e.g. <c>local</c>; null uses the options.</summary>
    public string? AuthenticationTypeName { get; set; }

    /// <summary>The IdP repository GUID (<c>repository</c>); null uses the options.</summary>
    public string? Repository { get; set; }

    /// <summary>Which security policy governs the token (<c>request_token_type</c>); null uses the options.</summary>
    public GamRequestTokenType? RequestTokenType { get; set; }

    /// <summary>Login properties sent as GAM's JSON array in <c>initial_properties</c>, e.g. <c>[{"Id":"Company","Value":"GeneXus"}]</c>.</summary>
    public IList<GamProperty> InitialProperties { get; } = new List<GamProperty>();

    /// <summary>
    /// GAM's <c>additional_parameters</c> as a JSON object text, e.g. <c>{"AuthenticationTypeName":"local"}</c>.
    /// Null: not sent (except for the second-factor step of the Globant Enterprise AI profile, which adds
    /// <c>OTPStep</c> and <c>UseTwoFactorAuthentication</c>).
    /// </summary>
    public string? AdditionalParameters { get; set; }

    /// <summary>Any other form fields to send. A field named here replaces the one the client would send.</summary>
    public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A copy of this request with another password (used for the second-factor step).</summary>
    internal GamPasswordTokenRequest WithPassword(string password)
    {
        var copy = new GamPasswordTokenRequest(UserName!, password)
        {
            Scope = Scope,
            AuthenticationTypeName = AuthenticationTypeName,
            Repository = Repository,
            RequestTokenType = RequestTokenType,
            AdditionalParameters = AdditionalParameters,
        };

        foreach (var property in InitialProperties)
        {
            copy.InitialProperties.Add(property);
        }

        foreach (var (key, value) in Parameters)
        {
            copy.Parameters[key] = value;
        }

        return copy;
    }
}
