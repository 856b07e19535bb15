using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using GamAuthentication.Bearer;

namespace GamAuthentication.Health;

/// <summary>
/// Finds what a GAM authentication scheme talks to: the userinfo endpoint and the backchannel of a sign-in scheme
/// (<c>AddGam()</c>) or a bearer scheme (<c>AddGamBearer()</c>), read from the scheme's options when the check runs,
/// so the probe follows the configuration the scheme itself uses.
/// </summary>
internal static class GamSchemeTargets
{
    public static async Task<GamHealthTarget> ResolveAsync(IServiceProvider services, string scheme)
    {
        if (services.GetService<IAuthenticationSchemeProvider>() is not { } schemes)
        {
            return GamHealthTarget.Unusable(
                $"no authentication is registered: AddGamHealthCheck(\"{scheme}\") probes a scheme added with AddAuthentication().AddGam() or .AddGamBearer()",
                scheme);
        }

        var found = await schemes.GetSchemeAsync(scheme).ConfigureAwait(false);
        if (found is null)
        {
            var known = (await schemes.GetAllSchemesAsync().ConfigureAwait(false)).Select(s => s.Name).ToList();
            return GamHealthTarget.Unusable(
                $"there is no authentication scheme named \"{scheme}\" (registered: {(known.Count == 0 ? "none" : string.Join(", ", known))}); " +
                "pass the name given to AddGam() or AddGamBearer()",
                scheme);
        }

        try
        {
            if (typeof(OAuthHandler<GamOptions>).IsAssignableFrom(found.HandlerType))
            {
                var options = services.GetRequiredService<IOptionsMonitor<GamOptions>>().Get(scheme);
                return From(scheme, options.EndpointProfile, options.UserInformationEndpoint, options.MetadataAddress, options.Authority, options.Backchannel, options.MaxResponseBytes, options.TimeProvider);
            }

            if (typeof(AuthenticationHandler<GamBearerOptions>).IsAssignableFrom(found.HandlerType))
            {
                var options = services.GetRequiredService<IOptionsMonitor<GamBearerOptions>>().Get(scheme);
                return From(scheme, options.EndpointProfile, options.UserInformationEndpoint, options.MetadataAddress, options.Authority, options.Backchannel, options.MaxResponseBytes, options.TimeProvider);
            }
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            // The framework runs GamOptions.Validate(scheme), which throws InvalidOperationException; validators throw the other.
            return GamHealthTarget.Unusable($"the options of scheme \"{scheme}\" are invalid: {ex.Message}", scheme);
        }

        return GamHealthTarget.Unusable(
            $"the authentication scheme \"{scheme}\" is not a GAM scheme (its handler is {found.HandlerType.Name}); " +
            "AddGamHealthCheck(scheme) probes schemes added with AddGam() or AddGamBearer()",
            scheme);
    }

    private static GamHealthTarget From(string scheme, GamEndpointProfile profile, string? endpoint, string? metadataAddress, string? authority, HttpClient? backchannel, int maxResponseBytes, TimeProvider? time)
    {
        // An OpenID Connect scheme finds its endpoints in the discovery document: that document is what must be up.
        if (profile == GamEndpointProfile.OpenIdConnect && string.IsNullOrWhiteSpace(endpoint) &&
            Discovery.GamDiscovery.MetadataAddress(metadataAddress, authority) is { } discovery && backchannel is not null)
        {
            return GamHealthTarget.Discovery(discovery, backchannel, maxResponseBytes, time, scheme);
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return GamHealthTarget.Unusable(
                $"scheme \"{scheme}\" has no userinfo endpoint to probe: set Authority ({GamDefaults.ConfigurationSectionPrefix}{scheme}:Authority), " +
                "GAM's base URL including its virtual directory",
                scheme);
        }

        return backchannel is null
            ? GamHealthTarget.Unusable($"scheme \"{scheme}\" has no backchannel yet", scheme)
            : GamHealthTarget.Probe(uri, backchannel, maxResponseBytes, time, scheme);
    }
}
