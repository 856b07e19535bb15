using GamAuthentication.Protocol;
using Microsoft.Extensions.Caching.Memory;

namespace GamAuthentication.Bearer;

/// <summary>
/// L1 of one bearer scheme: a bounded in-process cache of answers keyed by token hash, and the table of tokens this
/// process revoked, which outlives anything L1 may drop. Nothing is shared between schemes.
/// </summary>
internal sealed class GamBearerMemoryCache : IDisposable
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

    private readonly MemoryCache _memory;
    private readonly bool _enabled;

    /// <param name="enabled"><see cref="GamBearerOptions.EnableMemoryCache"/>: off keeps only the revocation table.</param>
    /// <param name="sizeLimit"><see cref="GamBearerOptions.MemoryCacheSizeLimit"/>.</param>
    public GamBearerMemoryCache(bool enabled, long sizeLimit)
    {
        _enabled = enabled;
        _memory = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = sizeLimit,
            CompactionPercentage = 0.1,
        });
    }

    /// <summary>
    /// The hot path: the unexpired entry of this token, or null. The key (<see cref="GamTokenHash.WriteMemoryKey"/>) is
    /// built on the stack, so a hit allocates nothing.
    /// </summary>
    public GamBearerCacheEntry? Find(GamTokenHash hash, DateTimeOffset now)
    {
        Span<char> key = stackalloc char[GamTokenHash.MemoryKeyLength];
        hash.WriteMemoryKey(key);
        if (!_enabled || !_memory.TryGetValue((ReadOnlySpan<char>)key, out var value) || value is not GamBearerCacheEntry entry)
        {
            return null;
        }

        if (entry.ExpiresAt > now)
        {
            return entry;
        }

        Remove(hash);
        return null;
    }

    public void Remove(GamTokenHash hash) => _memory.Remove(hash.ToMemoryKey());

    /// <summary>How many answers L1 holds (for tests of its bound).</summary>
    internal int Count => _memory.Count;

    /// <summary>
    /// Records a local revocation and puts its tombstone in L1, atomically with respect to
    /// <see cref="TryStoreUnlessRevoked"/>: an answer that was in flight cannot overwrite the tombstone.
    /// </summary>
    public void Revoke(GamTokenHash hash, GamBearerCacheEntry tombstone, DateTimeOffset now)
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

            Store(hash, tombstone, now, CacheItemPriority.NeverRemove);
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
    public GamBearerCacheEntry? TryStoreUnlessRevoked(GamTokenHash hash, GamBearerCacheEntry entry, DateTimeOffset now)
    {
        lock (_revocationLock)
        {
            if (entry.Kind != GamBearerEntryKind.Revoked && FindRevocationLocked(hash, now) is { } revoked)
            {
                return revoked;
            }

            Store(hash, entry, now, entry.Kind == GamBearerEntryKind.Revoked ? CacheItemPriority.NeverRemove : CacheItemPriority.Normal);
            return null;
        }
    }

    public void Dispose() => _memory.Dispose();

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

    private void Store(GamTokenHash hash, GamBearerCacheEntry entry, DateTimeOffset now, CacheItemPriority priority)
    {
        var ttl = entry.ExpiresAt - now;
        if (!_enabled || ttl <= TimeSpan.Zero)
        {
            return;
        }

        using var cacheEntry = _memory.CreateEntry(hash.ToMemoryKey());
        cacheEntry.Value = entry;
        cacheEntry.Size = entry.Size;
        cacheEntry.Priority = priority;
        cacheEntry.AbsoluteExpirationRelativeToNow = ttl;
    }
}
