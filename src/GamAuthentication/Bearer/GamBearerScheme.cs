using GamAuthentication.Internal;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer;

/// <summary>
/// Everything one bearer scheme keeps between requests, built once from the options the scheme had when it first
/// ran: the options snapshot itself (later reloads do not reach it, so what is fixed at first use is fixed by
/// construction), L1 with its revocations, L2, the in-flight userinfo calls and the metric tags. Decides tokens: L1,
/// then one shared call per token hash that reads L2 and, on a miss, asks GAM.
/// </summary>
internal sealed partial class GamBearerScheme : IDisposable
{
    private readonly GamBearerUserInfo _userInfo;
    private readonly GamSingleFlight<GamTokenHash, GamBearerOutcome> _inFlight = new();
    private readonly ILogger _logger;

    public GamBearerScheme(string name, GamBearerOptions options, IDistributedCache? distributedCache, IDataProtectionProvider? dataProtection, GamBearerInstruments instruments, ILogger logger)
    {
        Name = name;
        Options = options;
        Tag = GamBearerInstruments.Scheme(name);
        Time = options.TimeProvider ?? TimeProvider.System;
        Instruments = instruments;
        _logger = logger;
        Memory = new GamBearerMemoryCache(options.EnableMemoryCache, options.MemoryCacheSizeLimit);
        Distributed = UsesDistributedCache(options, distributedCache) ? CreateDistributedCache(distributedCache!, dataProtection) : null;
        _userInfo = new GamBearerUserInfo(name, options, Time, instruments, logger);
    }

    public string Name { get; }

    /// <summary>The options of the scheme's first run; never replaced.</summary>
    public GamBearerOptions Options { get; }

    public KeyValuePair<string, object?> Tag { get; }

    public TimeProvider Time { get; }

    public GamBearerInstruments Instruments { get; }

    public GamBearerMemoryCache Memory { get; }

    /// <summary>L2, or null when the scheme uses none.</summary>
    public GamBearerDistributedCache? Distributed { get; }

    /// <summary>
    /// L2 is on when asked for, or by default when a distributed cache other than the in-process
    /// <see cref="MemoryDistributedCache"/> is registered (that one would only duplicate L1).
    /// </summary>
    public static bool UsesDistributedCache(GamBearerOptions options, IDistributedCache? cache) =>
        cache is not null && (options.EnableDistributedCache ?? cache is not MemoryDistributedCache);

    /// <summary>The hot path: an unexpired L1 answer, or null. No allocation.</summary>
    public GamBearerCacheEntry? FindInMemory(GamTokenHash hash) => Memory.Find(hash, Time.GetUtcNow());

    /// <summary>
    /// Joins the in-flight decision for this token hash, or starts it. It runs detached from the request under its own
    /// timeout; a request whose <paramref name="requestAborted"/> fires only stops waiting.
    /// </summary>
    public Task<GamBearerOutcome> ValidateAsync(GamTokenHash hash, string token, CancellationToken requestAborted)
    {
        var decision = _inFlight.RunAsync(hash, (Scheme: this, Token: token), static (h, s) => s.Scheme.DecideSafelyAsync(h, s.Token), requestAborted, out var joined);
        if (joined)
        {
            Instruments.CoalescedWaits.Add(1, Tag);
        }

        return decision;
    }

    /// <summary>
    /// Refuses the token for <see cref="GamBearerOptions.CacheDuration"/>, whatever GAM says: a tombstone in L1 (and in
    /// the revocation table behind it) and a revoked marker in L2 for the other instances.
    /// </summary>
    /// <returns>Until when the token is refused; null when nothing is cached (so there is nothing to revoke).</returns>
    public async Task<DateTimeOffset?> RevokeAsync(GamTokenHash hash, CancellationToken cancellationToken)
    {
        if (Options.CacheDuration <= TimeSpan.Zero)
        {
            // Nothing is cached, so no cached answer can outlive GAM's own.
            return null;
        }

        var now = Time.GetUtcNow();
        var tombstone = GamBearerCacheEntry.Revoked(now + Options.CacheDuration);
        Memory.Revoke(hash, tombstone, now);

        // This instance refuses the token anyway; a failure leaves other instances to their own caches.
        if (Distributed is { } distributed)
        {
            await distributed.WriteAsync(hash, tombstone, backOff: false, cancellationToken).ConfigureAwait(false);
        }

        return tombstone.ExpiresAt;
    }

    /// <summary>Another instance revoked the token: refuse it here too until <paramref name="until"/> (L1 and the revocation table).</summary>
    public bool ApplyRevocation(GamTokenHash hash, DateTimeOffset until)
    {
        var now = Time.GetUtcNow();
        if (until <= now)
        {
            return false;
        }

        Memory.Revoke(hash, GamBearerCacheEntry.Revoked(until), now);
        return true;
    }

    /// <summary>Another instance evicted the token: forget it here too (a local revocation stays).</summary>
    public bool ApplyEviction(GamTokenHash hash)
    {
        Memory.Remove(hash);
        return true;
    }

    /// <summary>
    /// Forgets what is cached about the token (L1 and L2), so the next request asks GAM again. A token revoked locally
    /// stays revoked: its L2 marker is kept, and this process refuses it from its revocation table.
    /// </summary>
    public async Task EvictAsync(GamTokenHash hash, CancellationToken cancellationToken)
    {
        Memory.Remove(hash);
        if (Distributed is { } distributed && Memory.FindRevocation(hash, Time.GetUtcNow()) is null)
        {
            // The entry expires by itself within CacheDuration when this fails; eviction must not fail a sign-out.
            await distributed.RemoveAsync(hash, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Memory.Dispose();
        Distributed?.Dispose();
    }

    private GamBearerDistributedCache CreateDistributedCache(IDistributedCache cache, IDataProtectionProvider? dataProtection)
    {
        var endpoint = Options.AnsweringEndpoint;
        var prefix = Options.EffectiveDistributedCacheKeyPrefix(Name);
        var keys = dataProtection ?? throw new InvalidOperationException(
            "GAM bearer: the distributed cache needs ASP.NET Core Data Protection (services.AddDataProtection()), which protects the keys of its entries.");
        var payloadKeys = new GamBearerPayloadKeys(cache, keys, prefix, Name, endpoint, Time, encryption: Options.ProtectDistributedCache);
        GamBearerPayloadProtection protection = Options.ProtectDistributedCache
            ? new GamBearerEncryptedPayloads(payloadKeys)
            : new GamBearerSignedPayloads(payloadKeys);
        return new GamBearerDistributedCache(Name, cache, protection, prefix, Options.DistributedCacheTimeout, Options.DistributedCacheFailureBackoff, Time, Instruments, _logger);
    }

    private async Task<GamBearerOutcome> DecideSafelyAsync(GamTokenHash hash, string token)
    {
        try
        {
            return await DecideAsync(hash, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug (e.g. a custom claim action that throws) must not fault every waiter with a 500 or be cached.
            LogUnexpectedError(_logger, Name, hash, ex);
            return GamBearerOutcome.Unavailable("the token could not be processed (see the error logged by GamAuthentication)", null, null);
        }
    }

    private async Task<GamBearerOutcome> DecideAsync(GamTokenHash hash, string token)
    {
        if (Memory.FindRevocation(hash, Time.GetUtcNow()) is { } revokedBefore)
        {
            // Revoked locally while L1 is off or full: refused without asking L2 or GAM.
            return GamBearerOutcome.From(revokedBefore, GamBearerTokenSource.MemoryCache);
        }

        var distributed = Distributed;
        if (distributed is not null && !distributed.IsBlocked(Time.GetUtcNow()) &&
            await distributed.ReadAsync(hash).ConfigureAwait(false) is { } cached)
        {
            Instruments.DistributedHits.Add(1, Tag);
            return Memory.TryStoreUnlessRevoked(hash, cached, Time.GetUtcNow()) is { } revokedMeanwhile
                ? GamBearerOutcome.From(revokedMeanwhile, GamBearerTokenSource.MemoryCache)
                : GamBearerOutcome.From(cached, GamBearerTokenSource.DistributedCache);
        }

        Instruments.Misses.Add(1, Tag);
        var outcome = await _userInfo.AskAsync(hash, token).ConfigureAwait(false);
        if (outcome.Entry is not { } entry)
        {
            return outcome;
        }

        var now = Time.GetUtcNow();
        var fresh = entry.ExpiresAt > now;

        // The call may have been in flight when the token was revoked: the revocation wins, for this call's waiters
        // too, and GAM's answer is neither stored in L1 nor written to L2.
        if ((fresh ? Memory.TryStoreUnlessRevoked(hash, entry, now) : Memory.FindRevocation(hash, now)) is { } revoked)
        {
            return GamBearerOutcome.From(revoked, GamBearerTokenSource.MemoryCache);
        }

        if (fresh && distributed is not null && !distributed.IsBlocked(now))
        {
            await distributed.WriteAsync(hash, entry, backOff: true).ConfigureAwait(false);
            if (entry.Kind == GamBearerEntryKind.Valid && Memory.FindRevocation(hash, Time.GetUtcNow()) is { } revokedDuringWrite)
            {
                // Best effort: a revocation that landed while this write was under way may have been overwritten in L2.
                await distributed.WriteAsync(hash, revokedDuringWrite, backOff: true).ConfigureAwait(false);
            }
        }

        return outcome;
    }

    [LoggerMessage(15, LogLevel.Error, "GAM bearer scheme {Scheme}: processing token {TokenId} failed unexpectedly; answering 503")]
    private static partial void LogUnexpectedError(ILogger logger, string scheme, GamTokenHash tokenId, Exception exception);
}
