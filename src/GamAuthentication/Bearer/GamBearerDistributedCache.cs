using GamAuthentication.Protocol;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer;

/// <summary>
/// L2 of one bearer scheme: the application's <see cref="IDistributedCache"/> (e.g. Redis) shared by every instance.
/// Keys are <c>{prefix}{base64url(SHA-256(token))}</c>; payloads name their token and are protected
/// (<see cref="GamBearerPayloadProtection"/>), so an entry that was forged, altered, or copied from another token,
/// scheme or endpoint is ignored and GAM decides. Every operation has its own time-out; a failure of the shared
/// path makes the scheme bypass L2 for the back-off. Nothing here ever throws to a request.
/// </summary>
internal sealed partial class GamBearerDistributedCache(
    string scheme,
    IDistributedCache cache,
    GamBearerPayloadProtection protection,
    string keyPrefix,
    TimeSpan timeout,
    TimeSpan backoff,
    TimeProvider time,
    GamBearerInstruments instruments,
    ILogger logger) : IDisposable
{
    private readonly KeyValuePair<string, object?> _schemeTag = GamBearerInstruments.Scheme(scheme);
    private long _blockedUntilTicks;

    public string KeyPrefix { get; } = keyPrefix;

    public GamBearerPayloadProtection Protection { get; } = protection;

    public string Key(GamTokenHash hash) => KeyPrefix + hash.ToBase64Url();

    /// <summary>True while L2 is bypassed after a failure.</summary>
    public bool IsBlocked(DateTimeOffset now) => now.UtcTicks < Volatile.Read(ref _blockedUntilTicks);

    /// <summary>The unexpired, verified entry of this token, or null (miss, failure, or an entry that is not believed).</summary>
    public async Task<GamBearerCacheEntry?> ReadAsync(GamTokenHash hash)
    {
        byte[]? stored;
        ArraySegment<byte>? payload;
        using (var deadline = new CancellationTokenSource(timeout, time))
        {
            try
            {
                stored = await WithTimeout(cache.GetAsync(Key(hash), deadline.Token), deadline.Token).ConfigureAwait(false);
                payload = stored is null ? null : await Protection.OpenAsync(stored, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                OnFailure("read", hash, ex, deadline.IsCancellationRequested, backOff: true);
                return null;
            }
        }

        if (stored is null)
        {
            return null;
        }

        var problem = GamBearerPayloadProblem.Unreadable;
        var entry = payload is { } opened ? GamBearerCacheSerializer.Deserialize(opened, hash, out problem) : null;
        if (entry is null)
        {
            instruments.DistributedRejected.Add(1, _schemeTag);
            LogEntryNotBelieved(logger, scheme, hash, problem != GamBearerPayloadProblem.OtherToken
                ? "it is not readable with this application's Data Protection keys or was not written by this scheme and userinfo endpoint (do all instances share the key ring and ProtectDistributedCache?)"
                : "it is a genuine entry of another token, copied to this token's key");
            return null;
        }

        return entry.ExpiresAt > time.GetUtcNow() ? entry : null;
    }

    /// <summary>Stores the entry until it expires. <paramref name="backOff"/>: a failure makes the scheme bypass L2 (the shared path).</summary>
    public async Task WriteAsync(GamTokenHash hash, GamBearerCacheEntry entry, bool backOff, CancellationToken cancellationToken = default)
    {
        var ttl = entry.ExpiresAt - time.GetUtcNow();
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        using var expiry = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            var stored = await Protection.SealAsync(GamBearerCacheSerializer.Serialize(entry, hash), deadline.Token).ConfigureAwait(false);
            if (stored is not null)
            {
                var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl };
                await WithTimeout(cache.SetAsync(Key(hash), stored, options, deadline.Token), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            OnFailure("write", hash, ex, deadline.IsCancellationRequested, backOff);
        }
    }

    /// <summary>Removes the token's entry; a failure is logged (the entry then expires by itself).</summary>
    public async Task RemoveAsync(GamTokenHash hash, CancellationToken cancellationToken)
    {
        using var expiry = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            await WithTimeout(cache.RemoveAsync(Key(hash), deadline.Token), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            OnFailure("remove", hash, ex, deadline.IsCancellationRequested, backOff: false);
        }
    }

    public void Dispose() => Protection.Dispose();

    private void OnFailure(string operation, GamTokenHash hash, Exception exception, bool timedOut, bool backOff)
    {
        instruments.DistributedErrors.Add(1, _schemeTag);
        if (backOff)
        {
            Volatile.Write(ref _blockedUntilTicks, (time.GetUtcNow() + backoff).UtcTicks);
        }

        // Not the exception itself: Redis clients put the cache key, hence the whole token hash, in their messages.
        // A client's own timeout (e.g. RedisTimeoutException, a TimeoutException) is a timeout too.
        var message = exception.Message.Replace(hash.ToBase64Url(), hash.ShortId() + "…", StringComparison.Ordinal);
        var failure = timedOut
            ? $"a timeout: no answer within DistributedCacheTimeout ({timeout.TotalMilliseconds:0} ms)"
            : exception is TimeoutException
                ? $"a timeout of the cache client ({exception.GetType().Name}: {message})"
                : $"not a timeout: {exception.GetType().Name}: {message}";
        LogFailed(logger, scheme, operation, hash, failure, backOff ? backoff : TimeSpan.Zero);
    }

    private static async Task<T> WithTimeout<T>(Task<T> task, CancellationToken deadline)
    {
        await WithTimeout((Task)task, deadline).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>Waits for <paramref name="task"/> until <paramref name="deadline"/>; an abandoned task's failure is observed, not reported as unobserved.</summary>
    private static async Task WithTimeout(Task task, CancellationToken deadline)
    {
        try
        {
            await task.WaitAsync(deadline).ConfigureAwait(false);
        }
        finally
        {
            if (!task.IsCompleted)
            {
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(13, LogLevel.Warning, "GAM bearer scheme {Scheme}: the distributed cache failed to {Operation} the entry of token {TokenId}, {Failure}; it is bypassed for {Backoff} and GAM decides meanwhile")]
    private static partial void LogFailed(ILogger logger, string scheme, string operation, GamTokenHash tokenId, string failure, TimeSpan backoff);

    [LoggerMessage(14, LogLevel.Warning, "GAM bearer scheme {Scheme}: the distributed-cache entry of token {TokenId} is ignored and GAM decides: {Problem}")]
    private static partial void LogEntryNotBelieved(ILogger logger, string scheme, GamTokenHash tokenId, string problem);
}
