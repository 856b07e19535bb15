using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer;

/// <summary>
/// Decides tokens for every GAM bearer scheme: L1 (bounded <c>MemoryCache</c>), then one shared call per
/// token hash that reads L2 (<c>IDistributedCache</c>) and, on a miss, GAM's userinfo endpoint. One
/// singleton per application; all state is per scheme (<see cref="GamBearerSchemeState"/>).
/// </summary>
internal sealed partial class GamBearerValidator : IDisposable
{
    private readonly ConcurrentDictionary<string, GamBearerSchemeState> _states = new(StringComparer.Ordinal);
    private readonly IDataProtectionProvider? _dataProtection;
    private readonly ILogger _logger;

    public GamBearerValidator(IServiceProvider services, GamBearerInstruments instruments, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        DistributedCache = services.GetService<IDistributedCache>();
        _dataProtection = services.GetService<IDataProtectionProvider>();
        Instruments = instruments;
        _logger = loggerFactory.CreateLogger("GamAuthentication.Bearer.GamBearerTokenCache");
    }

    public GamBearerInstruments Instruments { get; }

    /// <summary>The application's distributed cache, when it registered one.</summary>
    public IDistributedCache? DistributedCache { get; }

    /// <summary>
    /// L2 is on when asked for, or by default when a distributed cache other than the in-process
    /// <see cref="MemoryDistributedCache"/> is registered (that one would only duplicate L1).
    /// </summary>
    public bool UsesDistributedCache(GamBearerOptions options) =>
        DistributedCache is not null && (options.EnableDistributedCache ?? DistributedCache is not MemoryDistributedCache);

    public GamBearerSchemeState GetState(string scheme, GamBearerOptions options)
    {
        if (_states.TryGetValue(scheme, out var state))
        {
            return state;
        }

        lock (_states)
        {
            if (!_states.TryGetValue(scheme, out state))
            {
                state = new GamBearerSchemeState(scheme, options, CreateDistributedCache(scheme, options));
                _states[scheme] = state;
            }

            return state;
        }
    }

    /// <summary>L2 of a scheme, or null when it uses none; its settings are fixed now, when the scheme first needs its cache.</summary>
    private GamBearerDistributedCache? CreateDistributedCache(string scheme, GamBearerOptions options)
    {
        if (!UsesDistributedCache(options))
        {
            return null;
        }

        var time = options.TimeProvider ?? TimeProvider.System;
        var endpoint = options.UserInformationEndpoint ?? string.Empty;
        var prefix = options.EffectiveDistributedCacheKeyPrefix(scheme);
        var dataProtection = _dataProtection ?? throw new InvalidOperationException(
            "GAM bearer: the distributed cache needs ASP.NET Core Data Protection (services.AddDataProtection()), which protects or signs its entries.");
        GamBearerPayloadProtection protection = options.ProtectDistributedCache
            ? new GamBearerEncryptedPayloads(dataProtection, scheme, endpoint)
            : new GamBearerSignedPayloads(new GamBearerSigningKeys(DistributedCache!, dataProtection, prefix, scheme, endpoint, time));
        return new GamBearerDistributedCache(
            scheme, DistributedCache!, protection, prefix, options.DistributedCacheTimeout, options.DistributedCacheFailureBackoff, time, Instruments, _logger);
    }

    /// <summary>The hot path: an unexpired L1 entry, or null. No allocation.</summary>
    public static GamBearerCacheEntry? FindInMemory(GamBearerSchemeState state, GamBearerOptions options, GamTokenHash hash, DateTimeOffset now)
    {
        if (!options.EnableMemoryCache || !state.TryGetFromMemory(hash, out var value) || value is not GamBearerCacheEntry entry)
        {
            return null;
        }

        if (entry.ExpiresAt > now)
        {
            return entry;
        }

        state.RemoveFromMemory(hash);
        return null;
    }

    /// <summary>
    /// Joins the in-flight call for this token hash, or starts it. The call runs detached from the request
    /// (no request cancellation, no request execution context) under its own timeout; a request whose
    /// <paramref name="requestAborted"/> fires only stops waiting.
    /// </summary>
    public Task<GamBearerOutcome> ValidateAsync(GamBearerSchemeState state, GamBearerOptions options, GamTokenHash hash, string token, CancellationToken requestAborted)
    {
        if (!state.InFlight.TryGetValue(hash, out var running))
        {
            var started = new TaskCompletionSource<GamBearerOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            running = state.InFlight.GetOrAdd(hash, started.Task);
            if (ReferenceEquals(running, started.Task))
            {
                // Queued without the request's ExecutionContext: no AsyncLocal of the first request (HttpContext
                // accessor, Activity, log scopes) reaches a call that many requests share.
                ThreadPool.UnsafeQueueUserWorkItem(
                    static call => _ = call.Validator.RunSharedAsync(call.State, call.Options, call.Hash, call.Token, call.Completion),
                    new SharedCall(this, state, options, hash, token, started),
                    preferLocal: false);
                return Wait(running, requestAborted);
            }
        }

        Instruments.CoalescedWaits.Add(1, state.SchemeTag);
        return Wait(running, requestAborted);
    }

    /// <summary>
    /// Forgets what the scheme cached about the token (L1 and L2), so the next request asks GAM again. A token
    /// revoked locally stays revoked: its L2 marker is kept, and this process refuses it from its revocation table.
    /// </summary>
    public static async Task EvictAsync(GamBearerSchemeState state, GamBearerOptions options, GamTokenHash hash, CancellationToken cancellationToken)
    {
        state.RemoveFromMemory(hash);
        if (state.Distributed is not { } distributed ||
            state.FindRevocation(hash, (options.TimeProvider ?? TimeProvider.System).GetUtcNow()) is not null)
        {
            return;
        }

        // The entry expires by itself within CacheDuration when this fails; eviction must not fail a sign-out.
        await distributed.RemoveAsync(hash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses the token in this scheme for <see cref="GamBearerOptions.CacheDuration"/>, whatever GAM says:
    /// a tombstone in L1 (and in the revocation table behind it) and a revoked marker in L2.
    /// </summary>
    public static async Task RevokeAsync(GamBearerSchemeState state, GamBearerOptions options, GamTokenHash hash, CancellationToken cancellationToken)
    {
        var time = options.TimeProvider ?? TimeProvider.System;
        if (options.CacheDuration <= TimeSpan.Zero)
        {
            // Nothing is cached, so no cached answer can outlive GAM's own.
            return;
        }

        var now = time.GetUtcNow();
        var tombstone = GamBearerCacheEntry.Revoked(now + options.CacheDuration);
        state.Revoke(options, hash, tombstone, now);

        // This instance refuses the token anyway; a failure leaves other instances to their own caches.
        if (state.Distributed is { } distributed)
        {
            await distributed.WriteAsync(hash, tombstone, backOff: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var state in _states.Values)
        {
            state.Dispose();
        }
    }

    private sealed record SharedCall(GamBearerValidator Validator, GamBearerSchemeState State, GamBearerOptions Options, GamTokenHash Hash, string Token, TaskCompletionSource<GamBearerOutcome> Completion);

    private static Task<GamBearerOutcome> Wait(Task<GamBearerOutcome> task, CancellationToken requestAborted) =>
        requestAborted.CanBeCanceled && !task.IsCompleted ? task.WaitAsync(requestAborted) : task;

    private async Task RunSharedAsync(GamBearerSchemeState state, GamBearerOptions options, GamTokenHash hash, string token, TaskCompletionSource<GamBearerOutcome> completion)
    {
        try
        {
            completion.TrySetResult(await DecideAsync(state, options, hash, token).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            // A bug (e.g. a custom claim action that throws) must not fault every waiter with a 500 or be cached.
            LogUnexpectedError(_logger, state.Scheme, hash, ex);
            completion.TrySetResult(GamBearerOutcome.Unavailable("the token could not be processed (see the error logged by GamAuthentication)", null, null));
        }
        finally
        {
            state.InFlight.TryRemove(new KeyValuePair<GamTokenHash, Task<GamBearerOutcome>>(hash, completion.Task));
        }
    }

    private async Task<GamBearerOutcome> DecideAsync(GamBearerSchemeState state, GamBearerOptions options, GamTokenHash hash, string token)
    {
        var time = options.TimeProvider ?? TimeProvider.System;
        if (state.FindRevocation(hash, time.GetUtcNow()) is { } revokedBefore)
        {
            // Revoked locally while L1 is off or full: refused without asking L2 or GAM.
            return GamBearerOutcome.From(revokedBefore, GamBearerTokenSource.MemoryCache);
        }

        var distributed = state.Distributed;
        if (distributed is not null && !distributed.IsBlocked(time.GetUtcNow()))
        {
            var cached = await distributed.ReadAsync(hash).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (cached is not null)
            {
                Instruments.DistributedHits.Add(1, state.SchemeTag);
                if (state.TryStoreUnlessRevoked(options, hash, cached, now) is { } revokedMeanwhile)
                {
                    return GamBearerOutcome.From(revokedMeanwhile, GamBearerTokenSource.MemoryCache);
                }

                return GamBearerOutcome.From(cached, GamBearerTokenSource.DistributedCache);
            }
        }

        Instruments.Misses.Add(1, state.SchemeTag);
        var outcome = await CallUserInfoAsync(state, options, hash, token, time).ConfigureAwait(false);
        if (outcome.Entry is { } entry)
        {
            var now = time.GetUtcNow();
            var fresh = entry.ExpiresAt > now;

            // The call may have been in flight when the token was revoked: the revocation wins, for this
            // call's waiters too, and GAM's answer is neither stored in L1 nor written to L2.
            var revoked = fresh ? state.TryStoreUnlessRevoked(options, hash, entry, now) : state.FindRevocation(hash, now);
            if (revoked is not null)
            {
                return GamBearerOutcome.From(revoked, GamBearerTokenSource.MemoryCache);
            }

            if (fresh && distributed is not null && !distributed.IsBlocked(now))
            {
                await distributed.WriteAsync(hash, entry, backOff: true).ConfigureAwait(false);
                if (entry.Kind == GamBearerEntryKind.Valid && state.FindRevocation(hash, time.GetUtcNow()) is { } revokedDuringWrite)
                {
                    // Best effort: a revocation that landed while this write was under way may have been overwritten in L2.
                    await distributed.WriteAsync(hash, revokedDuringWrite, backOff: true).ConfigureAwait(false);
                }
            }
        }

        return outcome;
    }

    private async Task<GamBearerOutcome> CallUserInfoAsync(GamBearerSchemeState state, GamBearerOptions options, GamTokenHash hash, string token, TimeProvider time)
    {
        var started = Stopwatch.GetTimestamp();
        GamUserInfoResult result;
        using (var timeout = new CancellationTokenSource(options.BackchannelTimeout, time))
        {
            try
            {
                result = await GamUserInfoClient.GetAsync(
                    options.Backchannel!,
                    new Uri(options.UserInformationEndpoint!),
                    token,
                    options.EffectiveUserInformationTokenStyle,
                    options.MaxResponseBytes,
                    timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
            {
                result = GamUserInfoResult.Unavailable($"the userinfo call took longer than {options.BackchannelTimeout.TotalSeconds:0.###} s", exception: ex);
            }
        }

        using (result)
        {
            var outcomeTag = GamBearerInstruments.Outcome(result.Status switch
            {
                GamUserInfoStatus.Success => "success",
                GamUserInfoStatus.Rejected => "rejected",
                GamUserInfoStatus.Misconfigured => "misconfigured",
                _ => "unavailable",
            });
            Instruments.UserInfoCalls.Add(1, state.SchemeTag, outcomeTag);
            Instruments.UserInfoDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, state.SchemeTag, outcomeTag);

            var now = time.GetUtcNow();
            switch (result.Status)
            {
                case GamUserInfoStatus.Success:
                    var identity = new ClaimsIdentity(state.Scheme);
                    var issuer = options.ClaimsIssuer ?? state.Scheme;
                    var root = result.Document!.RootElement;
                    foreach (var action in options.ClaimActions)
                    {
                        action.Run(root, identity, issuer);
                    }

                    LogUserInfoAccepted(_logger, state.Scheme, hash, identity.Claims.Count());
                    return GamBearerOutcome.From(GamBearerCacheEntry.Valid(GamBearerCacheEntry.Snapshot(identity), now + options.CacheDuration), GamBearerTokenSource.UserInfo);

                case GamUserInfoStatus.Rejected:
                    LogUserInfoRejected(_logger, state.Scheme, hash, result.HttpStatus ?? 0, result.Error?.Code ?? "none");
                    return GamBearerOutcome.From(GamBearerCacheEntry.Rejected(result.Error?.Code, result.HttpStatus ?? 401, now + options.NegativeCacheDuration), GamBearerTokenSource.UserInfo);

                case GamUserInfoStatus.Misconfigured:
                    // Not cached as a rejection: that would hide a configuration mistake behind "invalid token".
                    LogUserInfoMisconfigured(_logger, state.Scheme, hash, result.HttpStatus ?? 0, result.Reason);
                    return GamBearerOutcome.Unavailable(result.Reason, null, result.HttpStatus);

                default:
                    LogUserInfoUnavailable(_logger, state.Scheme, hash, result.HttpStatus ?? 0, result.Reason, result.Exception);
                    return GamBearerOutcome.Unavailable(result.Reason, result.RetryAfter, result.HttpStatus);
            }
        }
    }

    [LoggerMessage(10, LogLevel.Debug, "GAM bearer scheme {Scheme}: GAM accepted token {TokenId} ({ClaimCount} claims)")]
    private static partial void LogUserInfoAccepted(ILogger logger, string scheme, GamTokenHash tokenId, int claimCount);

    [LoggerMessage(11, LogLevel.Information, "GAM bearer scheme {Scheme}: GAM rejected token {TokenId} (HTTP {Status}, GAM code {GamCode})")]
    private static partial void LogUserInfoRejected(ILogger logger, string scheme, GamTokenHash tokenId, int status, string gamCode);

    [LoggerMessage(12, LogLevel.Warning, "GAM bearer scheme {Scheme}: GAM is unavailable, token {TokenId} answered 503 (HTTP {Status}): {Reason}")]
    private static partial void LogUserInfoUnavailable(ILogger logger, string scheme, GamTokenHash tokenId, int status, string reason, Exception? exception);

    [LoggerMessage(16, LogLevel.Error, "GAM bearer scheme {Scheme}: the identity provider did not understand the userinfo request for token {TokenId}, answering 503 (HTTP {Status}): {Reason}")]
    private static partial void LogUserInfoMisconfigured(ILogger logger, string scheme, GamTokenHash tokenId, int status, string reason);

    [LoggerMessage(15, LogLevel.Error, "GAM bearer scheme {Scheme}: processing token {TokenId} failed unexpectedly; answering 503")]
    private static partial void LogUnexpectedError(ILogger logger, string scheme, GamTokenHash tokenId, Exception exception);
}
