using GamAuthentication.Protocol;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace GamAuthentication.Bearer;

/// <summary>
/// Everything the bearer handler keeps per scheme between requests: its bounded in-memory cache, its
/// in-flight userinfo calls and its distributed-cache back-off. Nothing is shared between schemes.
/// </summary>
internal sealed class GamBearerSchemeState : IDisposable
{
    private long _distributedBlockedUntilTicks;

    public GamBearerSchemeState(string scheme, GamBearerOptions options, IDataProtectionProvider? dataProtection)
    {
        Scheme = scheme;
        SchemeTag = GamBearerInstruments.Scheme(scheme);
        Memory = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.MemoryCacheSizeLimit,
            CompactionPercentage = 0.1,
        });
        DistributedKeyPrefix = options.EffectiveDistributedCacheKeyPrefix(scheme);
        Protector = dataProtection?.CreateProtector("GamAuthentication.Bearer.DistributedCache", scheme);
    }

    public string Scheme { get; }

    public KeyValuePair<string, object?> SchemeTag { get; }

    /// <summary>L1: keyed by <see cref="GamTokenHash"/>, bounded by <see cref="GamBearerOptions.MemoryCacheSizeLimit"/>.</summary>
    public MemoryCache Memory { get; }

    /// <summary>One userinfo call per token hash at a time.</summary>
    public ConcurrentDictionary<GamTokenHash, Task<GamBearerOutcome>> InFlight { get; } = new();

    public string DistributedKeyPrefix { get; }

    public IDataProtector? Protector { get; }

    public string DistributedKey(GamTokenHash hash) => DistributedKeyPrefix + hash.ToBase64Url();

    public bool IsDistributedCacheBlocked(DateTimeOffset now) => now.UtcTicks < Volatile.Read(ref _distributedBlockedUntilTicks);

    public void BlockDistributedCache(DateTimeOffset until) => Volatile.Write(ref _distributedBlockedUntilTicks, until.UtcTicks);

    public void Dispose() => Memory.Dispose();
}
