namespace GamAuthentication;

/// <summary>
/// The names under which <c>AddGam()</c> saves what GAM's token response said (with <see cref="Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions.SaveTokens"/>),
/// for <c>HttpContext.GetTokenAsync(name)</c>. A refresh of the user's token updates them.
/// </summary>
public static class GamTokenNames
{
    /// <summary>The access token.</summary>
    public const string AccessToken = "access_token";

    /// <summary>The refresh token, when GAM issued one (GAM's policy allows renewals).</summary>
    public const string RefreshToken = "refresh_token";

    /// <summary>The token type GAM reported, normally <c>Bearer</c>.</summary>
    public const string TokenType = "token_type";

    /// <summary>When the access token expires (round-trip "o" format); absent when GAM said it never expires.</summary>
    public const string ExpiresAt = "expires_at";

    /// <summary>The granted scopes as GAM sent them, joined with <c>+</c>, e.g. <c>gam_user_data+gam_user_roles</c>.</summary>
    public const string Scope = "scope";

    /// <summary>The user's GAM GUID from the token response (<c>user_guid</c>).</summary>
    public const string UserGuid = "user_guid";

    /// <summary>The OpenID Connect id_token, when the provider sent one; sent back as <c>id_token_hint</c> at sign-out.</summary>
    public const string IdToken = "id_token";

    /// <summary>The token response's members saved beside the framework's four.</summary>
    internal static readonly string[] GrantDetails = [Scope, UserGuid, IdToken];
}
