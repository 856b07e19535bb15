namespace GamAuthentication.Diagnostics;

/// <summary>
/// Names of the library's metrics and of its activity source. Every instrument lives on the
/// <see cref="System.Diagnostics.Metrics.Meter"/> named <see cref="MeterName"/> (add it to OpenTelemetry with
/// <c>AddMeter("GamAuthentication")</c>) and carries the tag <see cref="SchemeTag"/>; every span (see
/// <see cref="GamSpans"/>) comes from the <see cref="System.Diagnostics.ActivitySource"/> named
/// <see cref="ActivitySourceName"/> (<c>AddSource("GamAuthentication")</c>).
/// </summary>
public static class GamMetrics
{
    /// <summary>The meter name: <c>GamAuthentication</c>.</summary>
    public const string MeterName = "GamAuthentication";

    /// <summary>The activity source name, the same as the meter's: <c>GamAuthentication</c>.</summary>
    public const string ActivitySourceName = MeterName;

    /// <summary>Tag with the authentication scheme name.</summary>
    public const string SchemeTag = "gam.scheme";

    /// <summary>
    /// Tag with the outcome. Of a userinfo call: <c>success</c>, <c>rejected</c>, <c>unavailable</c> or
    /// <c>misconfigured</c> (the identity provider answered <c>invalid_request</c>: check the token style and profile).
    /// Of a token request or refresh: <c>success</c>, <c>second_factor_required</c>, <c>refused</c> or <c>unavailable</c>.
    /// Of a sign-in: any of these, or <c>failed</c> (e.g. an id_token that is not valid).
    /// </summary>
    public const string OutcomeTag = "gam.outcome";

    /// <summary>Tag with the grant of a token request: <c>password</c>, <c>password_second_factor</c>, <c>api_key</c> or <c>refresh_token</c>.</summary>
    public const string GrantTag = "gam.grant";

    /// <summary>Counter: sign-ins that reached the code exchange, tagged with <see cref="OutcomeTag"/>.</summary>
    public const string SignIns = "gam.signin.attempts";

    /// <summary>Counter: refreshes of signed-in users' tokens (one per refresh made, not per request that shared it), tagged with <see cref="OutcomeTag"/>.</summary>
    public const string Refreshes = "gam.token.refreshes";

    /// <summary>
    /// Counter: requests to a GAM token endpoint by a token client (service tokens, password and API-key grants, and the
    /// refreshes above), tagged with <see cref="OutcomeTag"/> and <see cref="GrantTag"/>; the scheme tag is the client's name.
    /// </summary>
    public const string TokenRequests = "gam.token.requests";

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
