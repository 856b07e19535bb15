using GamAuthentication.Bearer;
using GamAuthentication.Configuration;
using GamAuthentication.Discovery;
using GamAuthentication.Protocol;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Diagnostics;

/// <summary>
/// When the host starts, one Information line per <c>AddGam()</c> and <c>AddGamBearer()</c> scheme with what it
/// resolved: the endpoints it will call (never a secret), the endpoint profile and, for bearer schemes, which cache
/// levels are on. The first thing to read when sign-in or token validation does not reach GAM.
/// </summary>
internal sealed partial class GamStartupAnnouncement(IServiceProvider services, IEnumerable<GamValidatedOptions> registered, ILogger<GamStartupAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in registered.DistinctBy(e => (e.OptionsType, e.Name)))
        {
            if (entry.OptionsType != typeof(GamOptions) && entry.OptionsType != typeof(GamBearerOptions))
            {
                continue;
            }

            object options;
            try
            {
                options = entry.Build(services, entry.Name);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException)
            {
                // The start-up validation reports it.
                continue;
            }

            switch (options)
            {
                case GamOptions gam:
                    LogSignIn(logger, entry.Name, gam.EndpointProfile, Endpoints(gam));
                    break;
                case GamBearerOptions bearer:
                    var l2 = GamBearerScheme.UsesDistributedCache(bearer, services.GetService<IDistributedCache>());
                    LogBearer(logger, entry.Name, bearer.EndpointProfile, Endpoint(bearer.UserInformationEndpoint, bearer.MetadataAddress, bearer.Authority), bearer.EnableMemoryCache ? "on" : "off", l2 ? "on" : "off");
                    break;
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Endpoints(GamOptions gam) =>
        $"authorization {(gam.AuthorizationEndpointIsDiscovered ? Endpoint(null, gam.MetadataAddress, gam.Authority) : Endpoint(gam.AuthorizationEndpoint, gam.MetadataAddress, gam.Authority))}, " +
        $"token {Endpoint(gam.TokenEndpoint, gam.MetadataAddress, gam.Authority)}, " +
        $"userinfo {Endpoint(gam.UserInformationEndpoint, gam.MetadataAddress, gam.Authority)}, " +
        $"sign-out {(string.IsNullOrEmpty(gam.EndSessionEndpoint) && gam.EndpointProfile != GamEndpointProfile.OpenIdConnect ? "none" : Endpoint(gam.EndSessionEndpoint, gam.MetadataAddress, gam.Authority))}";

    /// <summary>The configured endpoint without its query, or where it will be discovered.</summary>
    private static string Endpoint(string? configured, string? metadataAddress, string? authority) =>
        !string.IsNullOrWhiteSpace(configured) ? GamUrl.Describe(configured)
        : GamDiscovery.MetadataAddress(metadataAddress, authority) is { } metadata ? $"(discovered from {GamUrl.WithoutQuery(metadata)})"
        : "(not set)";

    [LoggerMessage(50, LogLevel.Information, "GAM scheme {Scheme}: EndpointProfile {Profile}; endpoints: {Endpoints}")]
    private static partial void LogSignIn(ILogger logger, string scheme, GamEndpointProfile profile, string endpoints);

    [LoggerMessage(51, LogLevel.Information, "GAM bearer scheme {Scheme}: EndpointProfile {Profile}; userinfo {UserInfo}; caches: L1 memory {MemoryCache}, L2 distributed {DistributedCache}")]
    private static partial void LogBearer(ILogger logger, string scheme, GamEndpointProfile profile, string userInfo, string memoryCache, string distributedCache);
}
