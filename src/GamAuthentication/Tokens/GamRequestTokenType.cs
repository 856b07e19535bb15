namespace GamAuthentication.Tokens;

/// <summary>Which GAM security policy governs a token obtained with the password grant (<c>request_token_type</c>).</summary>
public enum GamRequestTokenType
{
    /// <summary><c>OAuth</c>: the OAuth security policy (GAM's default).</summary>
    OAuth = 0,

    /// <summary><c>Web</c>: the web-session security policy.</summary>
    Web = 1,
}
