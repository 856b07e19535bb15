using GamAuthentication.Protocol;

namespace GamAuthentication.Discovery;

/// <summary>
/// The endpoints a scheme of the <see cref="GamEndpointProfile.OpenIdConnect"/> profile uses: the ones set explicitly,
/// else the discovered ones, each checked against the https rule. A provider that cannot be read is "unavailable":
/// a failed sign-in, a 503 from the bearer handler, an <c>Unavailable</c> token result, never cached.
/// </summary>
internal static class GamDiscovery
{
    public const string WellKnownPath = ".well-known/openid-configuration";

    /// <summary><paramref name="metadataAddress"/>, or <c>{authority}/.well-known/openid-configuration</c>; null when neither is a URL.</summary>
    public static Uri? MetadataAddress(string? metadataAddress, string? authority)
    {
        if (!string.IsNullOrWhiteSpace(metadataAddress))
        {
            return Uri.TryCreate(metadataAddress, UriKind.Absolute, out var explicitAddress) ? explicitAddress : null;
        }

        return !string.IsNullOrWhiteSpace(authority) && Uri.TryCreate(GamEndpoints.Combine(authority, WellKnownPath), UriKind.Absolute, out var derived)
            ? derived
            : null;
    }

    /// <summary>The provider's configuration; every failure becomes a <see cref="GamAuthenticationException"/> that names the metadata address.</summary>
    public static async Task<GamProviderConfiguration> GetAsync(IGamOpenIdConnectProvider provider, GamProviderRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await provider.GetConfigurationAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (GamAuthenticationException ex)
        {
            throw new GamAuthenticationException($"the OpenID Connect discovery document {GamUrl.WithoutQuery(request.MetadataAddress)} could not be read: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new GamAuthenticationException($"the OpenID Connect discovery document {GamUrl.WithoutQuery(request.MetadataAddress)} could not be read ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    /// <summary>Validates an id_token; a provider library that throws (a bug, or a token it chokes on) means "not valid", never an error page.</summary>
    public static async Task<GamIdTokenValidation> ValidateAsync(IGamOpenIdConnectProvider provider, GamProviderRequest request, GamIdTokenRequest idToken, CancellationToken cancellationToken)
    {
        try
        {
            return await provider.ValidateIdTokenAsync(request, idToken, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return GamIdTokenValidation.Invalid($"it could not be validated ({ex.GetType().Name})");
        }
    }

    /// <summary>The endpoint to use: <paramref name="configured"/> when set, else the discovered one, which must pass the https rule.</summary>
    /// <exception cref="GamAuthenticationException">Neither names one, or the discovered one is not acceptable.</exception>
    public static Uri Endpoint(string? configured, string? discovered, string name, GamProviderRequest request)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Uri(configured);
        }

        if (string.IsNullOrWhiteSpace(discovered))
        {
            throw new GamAuthenticationException($"the OpenID Connect discovery document {GamUrl.WithoutQuery(request.MetadataAddress)} names no {name}; set it explicitly");
        }

        string? error = "is not an absolute URL";
        if (!Uri.TryCreate(discovered, UriKind.Absolute, out var endpoint) || !request.IsAcceptable(endpoint, out error))
        {
            throw new GamAuthenticationException($"the {name} {GamUrl.Describe(discovered)} from the OpenID Connect discovery document {GamUrl.WithoutQuery(request.MetadataAddress)} {error}");
        }

        return endpoint;
    }

    /// <summary>The request that reads one scheme's provider, or null when the scheme has no metadata address.</summary>
    public static GamProviderRequest? Request(string scheme, string? metadataAddress, string? authority, bool requireHttps, HttpClient? backchannel, TimeProvider time, int maxResponseBytes) =>
        MetadataAddress(metadataAddress, authority) is { } address && backchannel is not null
            ? new GamProviderRequest(scheme, address, authority, requireHttps, backchannel, time, maxResponseBytes)
            : null;

    /// <summary>
    /// The settings of a scheme with the <see cref="GamEndpointProfile.OpenIdConnect"/> profile: where the discovery
    /// document is (https except loopback), that the library behind the profile is registered (unless nothing needs it),
    /// and the endpoints set explicitly.
    /// </summary>
    public static void Check(List<string> failures, string prefix, string? authority, string? metadataAddress, bool requireHttps, bool providerRegistered, bool providerNeeded, params (string Name, string? Value)[] explicitEndpoints)
    {
        if (providerNeeded && !providerRegistered)
        {
            failures.Add($"GAM: EndpointProfile ({prefix}EndpointProfile) OpenIdConnect needs the GamAuthentication.OpenIdConnect package: reference it and call builder.Services.AddGamOpenIdConnect().");
        }

        var (setting, value) = string.IsNullOrWhiteSpace(metadataAddress) ? ("Authority", authority) : ("MetadataAddress", metadataAddress);
        if (providerNeeded && string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"GAM: Authority ({prefix}Authority) or MetadataAddress ({prefix}MetadataAddress) is required with EndpointProfile OpenIdConnect: the provider's issuer URL, e.g. https://example.onelogin.com/oidc/2, whose discovery document is {{Authority}}/{WellKnownPath}.");
        }
        else if (!string.IsNullOrWhiteSpace(value) && !GamEndpoints.IsAcceptableUrl(value, requireHttps, out var error))
        {
            failures.Add($"GAM: {setting} ({prefix}{setting}) {error}.");
        }

        foreach (var (name, endpoint) in explicitEndpoints)
        {
            if (!string.IsNullOrWhiteSpace(endpoint) && !GamEndpoints.IsAcceptableUrl(endpoint, requireHttps, out var endpointError))
            {
                failures.Add($"GAM: {name} ({prefix}{name}) {endpointError}.");
            }
        }
    }
}
