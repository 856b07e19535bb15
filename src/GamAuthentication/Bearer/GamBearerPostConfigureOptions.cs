using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer;

/// <summary>
/// Derives <see cref="GamBearerOptions.UserInformationEndpoint"/> from <see cref="GamBearerOptions.Authority"/>
/// and gives the scheme a backchannel from <see cref="IHttpClientFactory"/> (client name
/// <see cref="GamDefaults.BackchannelClientName"/>), as <c>AddGam()</c> does.
/// </summary>
internal sealed class GamBearerPostConfigureOptions(IHttpClientFactory httpClientFactory) : IPostConfigureOptions<GamBearerOptions>
{
    public void PostConfigure(string? name, GamBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var authority = options.Authority;
        if (string.IsNullOrWhiteSpace(options.UserInformationEndpoint) &&
            !string.IsNullOrWhiteSpace(authority) && Uri.TryCreate(authority, UriKind.Absolute, out _))
        {
            options.UserInformationEndpoint = GamEndpoints.Combine(authority, GamEndpoints.UserInfoPath(options.EndpointProfile));
        }

        if (options.Backchannel is null)
        {
#pragma warning disable CA2000 // The client lives as long as the options; HttpClient owns the handler.
            var client = options.BackchannelHttpHandler is { } handler
                ? new HttpClient(handler, disposeHandler: false)
                : httpClientFactory.CreateClient(GamDefaults.BackchannelClientName(name ?? GamDefaults.BearerAuthenticationScheme));
#pragma warning restore CA2000
            client.Timeout = options.BackchannelTimeout > TimeSpan.Zero ? options.BackchannelTimeout : TimeSpan.FromSeconds(10);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("GamAuthentication/1.0");
            options.Backchannel = client;
        }
    }
}
