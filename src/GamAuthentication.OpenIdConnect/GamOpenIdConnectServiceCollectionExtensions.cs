using GamAuthentication.Discovery;
using GamAuthentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what <see cref="GamAuthentication.GamEndpointProfile.OpenIdConnect"/> needs.</summary>
public static class GamOpenIdConnectServiceCollectionExtensions
{
    /// <summary>
    /// Lets the schemes and token clients whose <c>EndpointProfile</c> is <c>OpenIdConnect</c> find their endpoints in the
    /// provider's discovery document and validate id_tokens against its keys, with Microsoft.IdentityModel. Call it once,
    /// next to <c>AddGam()</c> / <c>AddGamBearer()</c> / <c>AddGamTokenClient()</c>; schemes with GAM's profiles are unaffected.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGamOpenIdConnect(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IGamOpenIdConnectProvider, GamOpenIdConnectProvider>();
        return services;
    }
}
