using System.Collections.Concurrent;
using GamAuthentication.Discovery;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace GamAuthentication.OpenIdConnect;

/// <summary>
/// The <see cref="GamEndpointProfile.OpenIdConnect"/> profile's provider library: discovery and id_token validation by
/// Microsoft.IdentityModel, one <see cref="GamProviderDocuments"/> per scheme and metadata address.
/// </summary>
internal sealed class GamOpenIdConnectProvider : IGamOpenIdConnectProvider
{
    private readonly ConcurrentDictionary<(string Scheme, string Address, bool RequireHttps), GamProviderDocuments> _providers = new();

    public async Task<GamProviderConfiguration> GetConfigurationAsync(GamProviderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configuration = await Documents(request).GetAsync(request, cancellationToken).ConfigureAwait(false);
        return new GamProviderConfiguration
        {
            Issuer = configuration.Issuer,
            AuthorizationEndpoint = configuration.AuthorizationEndpoint,
            TokenEndpoint = configuration.TokenEndpoint,
            UserInfoEndpoint = configuration.UserInfoEndpoint,
            EndSessionEndpoint = configuration.EndSessionEndpoint,
            JwksUri = configuration.JwksUri,
        };
    }

    public async Task<GamIdTokenValidation> ValidateIdTokenAsync(GamProviderRequest request, GamIdTokenRequest idToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(idToken);
        var documents = Documents(request);
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await documents.GetAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (GamAuthenticationException ex)
        {
            return GamIdTokenValidation.Invalid($"the provider's keys could not be read: {ex.Message}");
        }

        try
        {
            var validation = await GamIdTokenValidator.ValidateAsync(configuration, request, idToken).ConfigureAwait(false);
            if (validation.IsValid || !GamIdTokenValidator.NamesUnknownKey(idToken.IdToken, configuration))
            {
                return validation;
            }

            // The provider may have rotated its keys since they were read: read them again (once, shared) and retry.
            return await documents.RefreshKeysAsync(request).ConfigureAwait(false) is { } refreshed
                ? await GamIdTokenValidator.ValidateAsync(refreshed, request, idToken).ConfigureAwait(false)
                : validation;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // "Never throws for a bad token": whatever the token makes the JWT library do, it is not valid.
            return GamIdTokenValidation.Invalid($"it could not be validated ({ex.GetType().Name})");
        }
    }

    private GamProviderDocuments Documents(GamProviderRequest request) =>
        _providers.GetOrAdd((request.Scheme, request.MetadataAddress.ToString(), request.RequireHttps), static (_, r) => new GamProviderDocuments(r), request);
}
