namespace GamAuthentication.Diagnostics;

/// <summary>
/// Names of the library's metrics. Every instrument lives on the <see cref="System.Diagnostics.Metrics.Meter"/>
/// named <see cref="MeterName"/> (add it to OpenTelemetry with <c>AddMeter("GamAuthentication")</c>) and
/// carries the tag <see cref="SchemeTag"/>.
/// </summary>
public static class GamMetrics
{
    /// <summary>The meter name: <c>GamAuthentication</c>.</summary>
    public const string MeterName = "GamAuthentication";

    /// <summary>Tag with the authentication scheme name.</summary>
    public const string SchemeTag = "gam.scheme";

    /// <summary>
    /// Tag with the outcome of a userinfo call: <c>success</c>, <c>rejected</c>, <c>unavailable</c> or
    /// <c>misconfigured</c> (the identity provider answered <c>invalid_request</c>: check the token style and profile).
    /// </summary>
    public const string OutcomeTag = "gam.outcome";

    /// <summary>Counter: bearer tokens answered from the in-memory cache (valid or rejected).</summary>
    public const string MemoryCacheHits = "gam.bearer.cache.l1.hits";

    /// <summary>Counter: bearer tokens answered from the distributed cache (valid or rejected).</summary>
    public const string DistributedCacheHits = "gam.bearer.cache.l2.hits";

    /// <summary>Counter: bearer tokens found in no cache (a userinfo call was made or joined).</summary>
    public const string CacheMisses = "gam.bearer.cache.misses";

    /// <summary>Counter: requests answered with a cached rejection (from L1 or L2; also counted as L1 or L2 hits).</summary>
    public const string NegativeCacheHits = "gam.bearer.cache.negative_hits";

    /// <summary>Counter: requests that waited for another request's userinfo call for the same token instead of making their own.</summary>
    public const string CoalescedWaits = "gam.bearer.coalesced_waits";

    /// <summary>Counter: distributed-cache reads or writes that failed or timed out.</summary>
    public const string DistributedCacheErrors = "gam.bearer.cache.l2.errors";

    /// <summary>
    /// Counter: distributed-cache entries ignored because they failed verification (forged, altered, unreadable with
    /// this application's Data Protection keys, or copied from another token). Anything above zero deserves a look.
    /// </summary>
    public const string DistributedCacheRejected = "gam.bearer.cache.l2.rejected";

    /// <summary>Counter: userinfo calls made by the bearer handler, tagged with <see cref="OutcomeTag"/>.</summary>
    public const string UserInfoCalls = "gam.bearer.userinfo.calls";

    /// <summary>Histogram: duration of userinfo calls made by the bearer handler, in seconds, tagged with <see cref="OutcomeTag"/>.</summary>
    public const string UserInfoDuration = "gam.bearer.userinfo.duration";
}
