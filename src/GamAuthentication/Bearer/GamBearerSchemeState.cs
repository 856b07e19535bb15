using GamAuthentication.Protocol;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace GamAuthentication.Bearer;

/// <summary>
/// Everything the bearer handler keeps per scheme between requests: its bounded in-memory cache, its
/// in-flight userinfo calls and its distributed cache. Nothing is shared between schemes.
/// </summary>
internal sealed class GamBearerSchemeState : IDisposable
{
    /// <summary>Sweep expired revocations once the table has grown by this many since the last sweep.</summary>
    private const int RevocationSweepInterval = 256;

    /// <summary>
    /// Tokens revoked locally, with when the revocation ends. The authority behind the L1 tombstones: L1 may
    /// be off, full or compacted, this table is not. Only touched on revocation and off the hot path.
    /// </summary>
    private readonly Dictionary<GamTokenHash, DateTimeOffset> _revoked = [];
    private readonly Lock _revocationLock = new();
    private int _revocationsSinceSweep;

    public GamBearerSchemeState(string scheme, GamBearerOptions options, GamBearerDistributedCache? distributed)
    {
        Scheme = scheme;
        SchemeTag = GamBearerInstruments.Scheme(scheme);
        Memory = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.MemoryCacheSizeLimit,
            CompactionPercentage = 0.1,
        });
        Distributed = distributed;
    }

    public string Scheme { get; }

    public KeyValuePair<string, object?> SchemeTag { get; }

    /// <summary>
    /// L1: keyed by <see cref="GamTokenHash.ToMemoryKey"/>, bounded by <see cref="GamBearerOptions.MemoryCacheSizeLimit"/>.
    /// Use <see cref="TryGetFromMemory"/> and <see cref="RemoveFromMemory"/>, which build the key.
    /// </summary>
    public MemoryCache Memory { get; }

    /// <summary>One userinfo call per token hash at a time.</summary>
    public ConcurrentDictionary<GamTokenHash, Task<GamBearerOutcome>> InFlight { get; } = new();

    /// <summary>L2, when the scheme uses one (decided when the scheme first needs its cache).</summary>
    public GamBearerDistributedCache? Distributed { get; }

    /// <summary>The L1 lookup of the hot path: the key is built on the stack, so a hit allocates nothing.</summary>
    public bool TryGetFromMemory(GamTokenHash hash, out object? value)
    {
        Span<char> key = stackalloc char[GamTokenHash.MemoryKeyLength];
        hash.WriteMemoryKey(key);
        return Memory.TryGetValue((ReadOnlySpan<char>)key, out value);
    }

    public void RemoveFromMemory(GamTokenHash hash) => Memory.Remove(hash.ToMemoryKey());

    /// <summary>
    /// Records a local revocation and puts its tombstone in L1, atomically with respect to
    /// <see cref="TryStoreUnlessRevoked"/>: an answer that was in flight cannot overwrite the tombstone.
    /// </summary>
    public void Revoke(GamBearerOptions options, GamTokenHash hash, GamBearerCacheEntry tombstone, DateTimeOffset now)
    {
        lock (_revocationLock)
        {
            if (!_revoked.TryGetValue(hash, out var until) || until < tombstone.ExpiresAt)
            {
                _revoked[hash] = tombstone.ExpiresAt;
            }

            if (++_revocationsSinceSweep >= RevocationSweepInterval)
            {
                _revocationsSinceSweep = 0;
                foreach (var (key, expires) in _revoked)
                {
                    if (expires <= now)
                    {
                        _revoked.Remove(key);
                    }
                }
            }

            StoreInMemory(options, hash, tombstone, now, CacheItemPriority.NeverRemove);
        }
    }

    /// <summary>The local revocation of this token when it is still in force, else null.</summary>
    public GamBearerCacheEntry? FindRevocation(GamTokenHash hash, DateTimeOffset now)
    {
        lock (_revocationLock)
        {
            return FindRevocationLocked(hash, now);
        }
    }

    /// <summary>
    /// Stores an answer (from GAM or L2) in L1 unless the token was revoked locally meanwhile; then returns
    /// the revocation instead, so a userinfo call that was in flight at sign-out cannot make the token valid again.
    /// </summary>
    public GamBearerCacheEntry? TryStoreUnlessRevoked(GamBearerOptions options, GamTokenHash hash, GamBearerCacheEntry entry, DateTimeOffset now)
    {
        lock (_revocationLock)
        {
            if (entry.Kind != GamBearerEntryKind.Revoked && FindRevocationLocked(hash, now) is { } revoked)
            {
                return revoked;
            }

            StoreInMemory(options, hash, entry, now, entry.Kind == GamBearerEntryKind.Revoked ? CacheItemPriority.NeverRemove : CacheItemPriority.Normal);
            return null;
        }
    }

    public void Dispose()
    {
        Memory.Dispose();
        Distributed?.Dispose();
    }

    private GamBearerCacheEntry? FindRevocationLocked(GamTokenHash hash, DateTimeOffset now)
    {
        if (_revoked.Count == 0 || !_revoked.TryGetValue(hash, out var until))
        {
            return null;
        }

        if (until > now)
        {
            return GamBearerCacheEntry.Revoked(until);
        }

        _revoked.Remove(hash);
        return null;
    }

    private void StoreInMemory(GamBearerOptions options, GamTokenHash hash, GamBearerCacheEntry entry, DateTimeOffset now, CacheItemPriority priority)
    {
        var ttl = entry.ExpiresAt - now;
        if (!options.EnableMemoryCache || ttl <= TimeSpan.Zero)
        {
            return;
        }

        using var cacheEntry = Memory.CreateEntry(hash.ToMemoryKey());
        cacheEntry.Value = entry;
        cacheEntry.Size = entry.Size;
        cacheEntry.Priority = priority;
        cacheEntry.AbsoluteExpirationRelativeToNow = ttl;
    }
}
