using System.Diagnostics.Metrics;
using GamAuthentication.Diagnostics;

namespace GamAuthentication.Bearer;

/// <summary>The bearer handler's instruments on the <c>GamAuthentication</c> meter (created through <see cref="IMeterFactory"/>).</summary>
internal sealed class GamBearerInstruments
{
    public GamBearerInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GamMetrics.MeterName);
        MemoryHits = meter.CreateCounter<long>(GamMetrics.MemoryCacheHits, "{token}", "Bearer tokens answered from the in-memory cache.");
        DistributedHits = meter.CreateCounter<long>(GamMetrics.DistributedCacheHits, "{token}", "Bearer tokens answered from the distributed cache.");
        Misses = meter.CreateCounter<long>(GamMetrics.CacheMisses, "{token}", "Bearer tokens found in no cache.");
        NegativeHits = meter.CreateCounter<long>(GamMetrics.NegativeCacheHits, "{token}", "Cache hits that were a cached rejection.");
        CoalescedWaits = meter.CreateCounter<long>(GamMetrics.CoalescedWaits, "{request}", "Requests that joined another request's userinfo call.");
        DistributedErrors = meter.CreateCounter<long>(GamMetrics.DistributedCacheErrors, "{operation}", "Distributed-cache operations that failed or timed out.");
        DistributedRejected = meter.CreateCounter<long>(GamMetrics.DistributedCacheRejected, "{entry}", "Distributed-cache entries ignored because they failed verification.");
        UserInfoCalls = meter.CreateCounter<long>(GamMetrics.UserInfoCalls, "{call}", "Userinfo calls made by the bearer handler.");
        UserInfoDuration = meter.CreateHistogram<double>(GamMetrics.UserInfoDuration, "s", "Duration of userinfo calls made by the bearer handler.");
    }

    public Counter<long> MemoryHits { get; }

    public Counter<long> DistributedHits { get; }

    public Counter<long> Misses { get; }

    public Counter<long> NegativeHits { get; }

    public Counter<long> CoalescedWaits { get; }

    public Counter<long> DistributedErrors { get; }

    public Counter<long> DistributedRejected { get; }

    public Counter<long> UserInfoCalls { get; }

    public Histogram<double> UserInfoDuration { get; }

    public static KeyValuePair<string, object?> Scheme(string scheme) => new(GamMetrics.SchemeTag, scheme);

    public static KeyValuePair<string, object?> Outcome(string outcome) => new(GamMetrics.OutcomeTag, outcome);
}
