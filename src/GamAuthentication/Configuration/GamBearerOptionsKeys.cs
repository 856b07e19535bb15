using GamAuthentication.Bearer;
namespace GamAuthentication.Configuration;

/// <summary>The configuration keys of <see cref="GamBearerOptions"/> (<c>AddGamBearer()</c>), under <c>Authentication:Schemes:{scheme}</c>.</summary>
internal static class GamBearerOptionsKeys
{
    public static readonly GamBindingMap<GamBearerOptions> Map = new GamBindingMap<GamBearerOptions>()
        .Include(GamSchemeKeys.Scheme)
        .Add(nameof(GamBearerOptions.Authority), (r, o) => r.String(nameof(o.Authority), v => o.Authority = v))
        .Add(nameof(GamBearerOptions.EndpointProfile), (r, o) => r.Enum<GamEndpointProfile>(nameof(o.EndpointProfile), v => o.EndpointProfile = v))
        .Add(nameof(GamBearerOptions.MetadataAddress), (r, o) => r.String(nameof(o.MetadataAddress), v => o.MetadataAddress = v))
        .Add(nameof(GamBearerOptions.UserInformationEndpoint), (r, o) => r.String(nameof(o.UserInformationEndpoint), v => o.UserInformationEndpoint = v))
        .Add(nameof(GamBearerOptions.UserInformationTokenStyle), (r, o) => r.Enum<GamTokenStyle>(nameof(o.UserInformationTokenStyle), v => o.UserInformationTokenStyle = v))
        .Add(nameof(GamBearerOptions.RequireHttpsEndpoints), (r, o) => r.Boolean(nameof(o.RequireHttpsEndpoints), v => o.RequireHttpsEndpoints = v))
        .Add(nameof(GamBearerOptions.MaxResponseBytes), (r, o) => r.Int32(nameof(o.MaxResponseBytes), v => o.MaxResponseBytes = v))
        .Add(nameof(GamBearerOptions.BackchannelTimeout), (r, o) => r.TimeSpan(nameof(o.BackchannelTimeout), v => o.BackchannelTimeout = v))
        .Add(nameof(GamBearerOptions.Realm), (r, o) => r.String(nameof(o.Realm), v => o.Realm = v))
        .Add(nameof(GamBearerOptions.IncludeErrorDetails), (r, o) => r.Boolean(nameof(o.IncludeErrorDetails), v => o.IncludeErrorDetails = v))
        .Add(nameof(GamBearerOptions.SaveToken), (r, o) => r.Boolean(nameof(o.SaveToken), v => o.SaveToken = v))
        .Add(nameof(GamBearerOptions.AllowOAuthScheme), (r, o) => r.Boolean(nameof(o.AllowOAuthScheme), v => o.AllowOAuthScheme = v))
        .Add(nameof(GamBearerOptions.AllowBareToken), (r, o) => r.Boolean(nameof(o.AllowBareToken), v => o.AllowBareToken = v))
        .Add(nameof(GamBearerOptions.MaxTokenLength), (r, o) => r.Int32(nameof(o.MaxTokenLength), v => o.MaxTokenLength = v))
        .Add(nameof(GamBearerOptions.AdditionalTokenCharacters), (r, o) => r.String(nameof(o.AdditionalTokenCharacters), v => o.AdditionalTokenCharacters = v))
        .Add(nameof(GamBearerOptions.CacheDuration), (r, o) => r.TimeSpan(nameof(o.CacheDuration), v => o.CacheDuration = v))
        .Add(nameof(GamBearerOptions.NegativeCacheDuration), (r, o) => r.TimeSpan(nameof(o.NegativeCacheDuration), v => o.NegativeCacheDuration = v))
        .Add(nameof(GamBearerOptions.EnableMemoryCache), (r, o) => r.Boolean(nameof(o.EnableMemoryCache), v => o.EnableMemoryCache = v))
        .Add(nameof(GamBearerOptions.MemoryCacheSizeLimit), (r, o) => r.Int64(nameof(o.MemoryCacheSizeLimit), v => o.MemoryCacheSizeLimit = v))
        .Add(nameof(GamBearerOptions.EnableDistributedCache), (r, o) => r.Boolean(nameof(o.EnableDistributedCache), v => o.EnableDistributedCache = v))
        .Add(nameof(GamBearerOptions.DistributedCacheKeyPrefix), (r, o) => r.String(nameof(o.DistributedCacheKeyPrefix), v => o.DistributedCacheKeyPrefix = v))
        .Add(nameof(GamBearerOptions.ProtectDistributedCache), (r, o) => r.Boolean(nameof(o.ProtectDistributedCache), v => o.ProtectDistributedCache = v))
        .Add(nameof(GamBearerOptions.DistributedCacheTimeout), (r, o) => r.TimeSpan(nameof(o.DistributedCacheTimeout), v => o.DistributedCacheTimeout = v))
        .Add(nameof(GamBearerOptions.DistributedCacheFailureBackoff), (r, o) => r.TimeSpan(nameof(o.DistributedCacheFailureBackoff), v => o.DistributedCacheFailureBackoff = v))
        .Add(nameof(GamBearerOptions.UnavailableRetryAfter), (r, o) => r.TimeSpan(nameof(o.UnavailableRetryAfter), v => o.UnavailableRetryAfter = v));
}
