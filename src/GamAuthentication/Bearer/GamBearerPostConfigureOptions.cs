using GamAuthentication.Protocol;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer;

/// <summary>
/// Derives <see cref="GamBearerOptions.UserInformationEndpoint"/> from <see cref="GamBearerOptions.Authority"/>
/// and gives the scheme a backchannel from <see cref="IHttpClientFactory"/> (client name
/// <see cref="GamDefaults.BackchannelClientName"/>), as <c>AddGam()</c> does.
/// </summary>
internal sealed class GamBearerPostConfigureOptions(IHttpClientFactory httpClientFactory, IServiceProvider services) : IPostConfigureOptions<GamBearerOptions>
{
    public void PostConfigure(string? name, GamBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DistributedCacheRegistered = services.GetService(typeof(Microsoft.Extensions.Caching.Distributed.IDistributedCache)) is not null;
        options.OpenIdConnectProvider ??= services.GetService(typeof(Discovery.IGamOpenIdConnectProvider)) as Discovery.IGamOpenIdConnectProvider;
        if (options.EndpointProfile == GamEndpointProfile.OpenIdConnect)
        {
            Claims.GamOpenIdConnectClaims.UseOpenIdConnectIdentity(options.ClaimActions);
        }
        var authority = options.Authority;
        if (options.EndpointProfile != GamEndpointProfile.OpenIdConnect && string.IsNullOrWhiteSpace(options.UserInformationEndpoint) &&
            !string.IsNullOrWhiteSpace(authority) && Uri.TryCreate(authority, UriKind.Absolute, out _))
        {
            options.UserInformationEndpoint = GamEndpoints.Combine(authority, GamEndpoints.UserInfoPath(options.EndpointProfile));
        }

        if (options.Backchannel is null)
        {
            HttpClient client;
            if (options.BackchannelHttpHandler is { } handler)
            {
#pragma warning disable CA2000 // The client lives as long as the options; the handler is the application's.
                client = new HttpClient(handler, disposeHandler: false);
#pragma warning restore CA2000
                client.DefaultRequestHeaders.UserAgent.ParseAdd(GamBackchannel.UserAgent);
            }
            else
            {
                client = httpClientFactory.CreateClient(GamDefaults.BackchannelClientName(name ?? GamBearerDefaults.AuthenticationScheme));
            }

            client.Timeout = options.BackchannelTimeout > TimeSpan.Zero ? options.BackchannelTimeout : TimeSpan.FromSeconds(10);
            options.Backchannel = client;
        }
    }
}
