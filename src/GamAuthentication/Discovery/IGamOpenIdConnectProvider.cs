namespace GamAuthentication.Discovery;

/// <summary>
/// What the <see cref="GamEndpointProfile.OpenIdConnect"/> profile needs from an OpenID Connect library: the provider's
/// configuration from its discovery document, and id_token validation against its keys. The
/// <c>GamAuthentication.OpenIdConnect</c> package registers it (<c>services.AddGamOpenIdConnect()</c>); the core
/// library owns the flows and never depends on that library.
/// </summary>
public interface IGamOpenIdConnectProvider
{
    /// <summary>
    /// The provider's configuration: fetched on first use through <paramref name="request"/>'s backchannel, cached, and
    /// refreshed on the provider library's schedule.
    /// </summary>
    /// <param name="request">Whose configuration, and how to read it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The configuration.</returns>
    /// <remarks>The document's issuer must pass <see cref="GamProviderRequest.CheckIssuer"/>, and every address read must go through <see cref="GamProviderRequest.ReadDocumentAsync"/>.</remarks>
    /// <exception cref="GamAuthenticationException">It cannot be read now: unreachable, malformed, not https, another issuer. The message says why.</exception>
    Task<GamProviderConfiguration> GetConfigurationAsync(GamProviderRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Validates an id_token: signature by the provider's published keys (refreshing them once when the token's key is
    /// unknown, as after a key rotation), issuer, audience (the client ID), lifetime with a small clock skew, nonce, and
    /// <c>at_hash</c> when present. Never throws for a bad token.
    /// </summary>
    /// <param name="request">Whose provider.</param>
    /// <param name="idToken">What to validate and against what.</param>
    /// <param name="cancellationToken">Cancels reading keys.</param>
    /// <returns>The subject, or why the token is not valid.</returns>
    Task<GamIdTokenValidation> ValidateIdTokenAsync(GamProviderRequest request, GamIdTokenRequest idToken, CancellationToken cancellationToken);
}
