namespace GamAuthentication.Tokens;

/// <summary>
/// Settings of <c>AddGamUserAccessToken(...)</c>: which GAM sign-in scheme's saved tokens an <see cref="HttpClient"/>
/// sends on behalf of the signed-in user, when they are refreshed, and how they are presented downstream.
/// </summary>
public sealed class GamUserAccessTokenOptions
{
    /// <summary>The GAM sign-in scheme (<c>AddGam()</c>) whose tokens and settings are used. Default <c>Gam</c>.</summary>
    public string Scheme { get; set; } = GamDefaults.AuthenticationScheme;

    /// <summary>
    /// The scheme that holds the signed-in user and the saved tokens (normally the cookie scheme). Default null: the
    /// GAM scheme's <c>SignInScheme</c>, else the application's default sign-in scheme.
    /// </summary>
    public string? SignInScheme { get; set; }

    /// <summary>
    /// How long before the access token expires it is refreshed. Default 60 seconds; never more than half the token's
    /// lifetime, so short-lived tokens are not refreshed on every call.
    /// </summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = GamTokenDefaults.RefreshBeforeExpiry;

    /// <summary>How the token is sent downstream. Default <see cref="GamTokenStyle.Bearer"/>; Raw and OAuth suit GeneXus services.</summary>
    public GamTokenStyle TokenStyle { get; set; } = GamTokenStyle.Bearer;

    /// <summary>Checks the settings and returns one message per bad setting.</summary>
    /// <param name="prefix">How the settings are named in the messages.</param>
    /// <returns>The problems found.</returns>
    internal IReadOnlyList<string> Validate(string prefix)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Scheme))
        {
            failures.Add($"GAM: Scheme ({prefix}Scheme) is required: the scheme name given to AddGam().");
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
