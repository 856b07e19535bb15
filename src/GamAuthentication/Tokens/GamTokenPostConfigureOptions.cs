using GamAuthentication.Discovery;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens;

/// <summary>Gives token-client and service-token options the OpenID Connect library, when one is registered (<see cref="GamEndpointProfile.OpenIdConnect"/>).</summary>
internal sealed class GamTokenPostConfigureOptions<TOptions>(IServiceProvider services) : IPostConfigureOptions<TOptions>
    where TOptions : GamTokenClientOptions
{
    public void PostConfigure(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.OpenIdConnectProvider ??= services.GetService(typeof(IGamOpenIdConnectProvider)) as IGamOpenIdConnectProvider;
    }
}
