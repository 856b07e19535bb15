using GamAuthentication.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer;

/// <summary>
/// Binds <see cref="GamBearerOptions"/> from configuration section <c>Authentication:Schemes:{scheme}</c>,
/// as JwtBearer does. Runs before the delegate given to <c>AddGamBearer()</c>, so code wins.
/// </summary>
internal sealed class GamBearerConfigureOptions(IAuthenticationConfigurationProvider configurationProvider) : IConfigureNamedOptions<GamBearerOptions>
{
    public void Configure(GamBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, GamBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!GamConfigurationReader.TryForScheme(configurationProvider, name, out var reader))
        {
            return;
        }

        reader.String(nameof(GamBearerOptions.Authority), v => options.Authority = v);
        reader.Enum<GamEndpointProfile>(nameof(GamBearerOptions.EndpointProfile), v => options.EndpointProfile = v);
        reader.String(nameof(GamBearerOptions.UserInformationEndpoint), v => options.UserInformationEndpoint = v);
        reader.Enum<GamTokenStyle>(nameof(GamBearerOptions.UserInformationTokenStyle), v => options.UserInformationTokenStyle = v);
        reader.Boolean(nameof(GamBearerOptions.RequireHttpsEndpoints), v => options.RequireHttpsEndpoints = v);
        reader.Int32(nameof(GamBearerOptions.MaxResponseBytes), v => options.MaxResponseBytes = v);
        reader.TimeSpan(nameof(GamBearerOptions.BackchannelTimeout), v => options.BackchannelTimeout = v);
        reader.String(nameof(GamBearerOptions.ClaimsIssuer), v => options.ClaimsIssuer = v);
        reader.String(nameof(GamBearerOptions.Realm), v => options.Realm = v);
        reader.Boolean(nameof(GamBearerOptions.IncludeErrorDetails), v => options.IncludeErrorDetails = v);
        reader.Boolean(nameof(GamBearerOptions.SaveToken), v => options.SaveToken = v);
        reader.Boolean(nameof(GamBearerOptions.AllowOAuthScheme), v => options.AllowOAuthScheme = v);
        reader.Boolean(nameof(GamBearerOptions.AllowBareToken), v => options.AllowBareToken = v);
        reader.Int32(nameof(GamBearerOptions.MaxTokenLength), v => options.MaxTokenLength = v);
        reader.String(nameof(GamBearerOptions.AdditionalTokenCharacters), v => options.AdditionalTokenCharacters = v);
        reader.TimeSpan(nameof(GamBearerOptions.CacheDuration), v => options.CacheDuration = v);
        reader.TimeSpan(nameof(GamBearerOptions.NegativeCacheDuration), v => options.NegativeCacheDuration = v);
        reader.Boolean(nameof(GamBearerOptions.EnableMemoryCache), v => options.EnableMemoryCache = v);
        reader.Int64(nameof(GamBearerOptions.MemoryCacheSizeLimit), v => options.MemoryCacheSizeLimit = v);
        reader.Boolean(nameof(GamBearerOptions.EnableDistributedCache), v => options.EnableDistributedCache = v);
        reader.String(nameof(GamBearerOptions.DistributedCacheKeyPrefix), v => options.DistributedCacheKeyPrefix = v);
        reader.Boolean(nameof(GamBearerOptions.ProtectDistributedCache), v => options.ProtectDistributedCache = v);
        reader.TimeSpan(nameof(GamBearerOptions.DistributedCacheTimeout), v => options.DistributedCacheTimeout = v);
        reader.TimeSpan(nameof(GamBearerOptions.DistributedCacheFailureBackoff), v => options.DistributedCacheFailureBackoff = v);
        reader.TimeSpan(nameof(GamBearerOptions.UnavailableRetryAfter), v => options.UnavailableRetryAfter = v);
    }
}
