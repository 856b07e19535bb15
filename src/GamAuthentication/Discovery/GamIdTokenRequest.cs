namespace GamAuthentication.Discovery;

/// <summary>An id_token to validate and what it must match. Never log <see cref="IdToken"/> or <see cref="AccessToken"/>.</summary>
/// <param name="IdToken">The id_token of the token response.</param>
/// <param name="ClientId">The client ID: the token's audience.</param>
/// <param name="Nonce">The nonce the sign-in sent; null when none was sent (e.g. after a refresh).</param>
/// <param name="AccessToken">The access token issued with it, for <c>at_hash</c>.</param>
public sealed record GamIdTokenRequest(string IdToken, string ClientId, string? Nonce, string? AccessToken)
{
    /// <summary>
    /// The user the token must be about: after a refresh, the sign-in's <c>sub</c> (OpenID Connect Core §12.2); null at
    /// sign-in, where userinfo's <c>sub</c> is checked against the token's instead.
    /// </summary>
    public string? Subject { get; init; }

    /// <inheritdoc />
    public override string ToString() => "id_token validation request";
}
