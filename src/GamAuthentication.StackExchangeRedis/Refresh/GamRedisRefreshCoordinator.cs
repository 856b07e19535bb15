using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using GamAuthentication.StackExchangeRedis.Connection;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Refresh;

/// <summary>
/// One refresh per refresh token across the farm. The instance that takes the Redis lock (a lease, so a crashed holder
/// cannot block the others for longer than <see cref="GamRedisOptions.RefreshLockLease"/>) refreshes at GAM and leaves
/// the result in Redis for <see cref="GamRedisOptions.RefreshResultLifetime"/>, protected with Data Protection under a
/// purpose bound to the scheme and the refresh token's hash; the others wait for it. Keys name the refresh token only by
/// its SHA-256. The holder extends its lease while its refresh runs (a slow GAM must not let a second instance refresh
/// the same token, which GAM's rotation would refuse); waiters give up only when the lock shows no sign of life for two
/// leases. Redis unreachable: the instance refreshes on its own (the per-process behaviour), logged once.
/// </summary>
internal sealed partial class GamRedisRefreshCoordinator(GamRedisConnection redis, IDataProtectionProvider dataProtection, ILogger<GamRedisRefreshCoordinator> logger)
    : IGamRefreshCoordinator
{
    private const string Purpose = "GamAuthentication.StackExchangeRedis.RefreshResult.v1";

    public async Task<GamTokenResult> RefreshAsync(GamRefreshContext context, Func<CancellationToken, Task<GamTokenResult>> refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refresh);
        var options = redis.Options;
        var hash = GamRedisConnection.Hash(context.RefreshToken);
        var name = context.Scheme + ":" + hash;
        RedisKey lockKey = redis.Key("refresh:lock:" + name);
        RedisKey resultKey = redis.Key("refresh:result:" + name);
        var protector = dataProtection.CreateProtector(Purpose, context.Scheme, hash);
        Task<GamTokenResult>? mine = null;
        try
        {
            var database = redis.Database;
            RedisValue owner = Guid.NewGuid().ToString("N");
            var started = Stopwatch.GetTimestamp();
            TimeSpan? lastLease = null;
            while (true)
            {
                if (await ReadAsync(database, resultKey, protector, context).ConfigureAwait(false) is { } shared)
                {
                    LogShared(logger, context.Scheme, context.RefreshTokenFingerprint);
                    return shared;
                }

                if (await database.LockTakeAsync(lockKey, owner, options.RefreshLockLease).ConfigureAwait(false))
                {
                    redis.Healthy();
                    try
                    {
                        // Another instance may have finished between our read and our lock.
                        if (await ReadAsync(database, resultKey, protector, context).ConfigureAwait(false) is { } late)
                        {
                            return late;
                        }

                        mine = refresh(cancellationToken);
                        var result = await KeepingTheLeaseAsync(database, lockKey, owner, mine, context).ConfigureAwait(false);
                        if (result.IsSuccess)
                        {
                            await database.StringSetAsync(resultKey, protector.Protect(GamRefreshResultFormat.Write(result.Token!)), options.RefreshResultLifetime).ConfigureAwait(false);
                        }

                        return result;
                    }
                    finally
                    {
                        await database.LockReleaseAsync(lockKey, owner).ConfigureAwait(false);
                    }
                }

                redis.Healthy();

                // A lease that grew again is a holder alive and still refreshing (or a new holder): wait on.
                var lease = await database.KeyTimeToLiveAsync(lockKey).ConfigureAwait(false);
                if (lease is { } remaining && (lastLease is not { } last || remaining > last))
                {
                    started = Stopwatch.GetTimestamp();
                }

                lastLease = lease;
                if (Stopwatch.GetElapsedTime(started) > options.RefreshLockLease * 2)
                {
                    LogGaveUp(logger, context.Scheme, context.RefreshTokenFingerprint);
                    break;
                }

                await Task.Delay(options.RefreshPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
        {
            redis.Outage("refresh lock", ex);
        }

        return await (mine ?? refresh(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Awaits the holder's refresh, extending its lease every third of it meanwhile (Redis expires the lease by its own
    /// clock, hence real time). Stops extending when Redis fails or the lease was lost: the refresh goes on regardless.
    /// </summary>
    private async Task<GamTokenResult> KeepingTheLeaseAsync(IDatabase database, RedisKey lockKey, RedisValue owner, Task<GamTokenResult> refreshing, GamRefreshContext context)
    {
        var lease = redis.Options.RefreshLockLease;
        while (!refreshing.IsCompleted)
        {
            try
            {
                await refreshing.WaitAsync(lease / 3).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!refreshing.IsCompleted)
            {
                try
                {
                    if (!await database.LockExtendAsync(lockKey, owner, lease).ConfigureAwait(false))
                    {
                        LogLeaseLost(logger, context.Scheme, context.RefreshTokenFingerprint);
                        break;
                    }
                }
                catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
                {
                    redis.Outage("refresh lock", ex);
                    break;
                }
            }
        }

        return await refreshing.ConfigureAwait(false);
    }

    /// <summary>The result another instance left, if it verifies: protected for this scheme and refresh token, and well formed.</summary>
    private async Task<GamTokenResult?> ReadAsync(IDatabase database, RedisKey key, IDataProtector protector, GamRefreshContext context)
    {
        var value = await database.StringGetAsync(key).ConfigureAwait(false);
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return GamTokenResult.FromToken(GamRefreshResultFormat.Read(protector.Unprotect((byte[])value!)));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException or ArgumentException)
        {
            LogUnverifiable(logger, context.Scheme, context.RefreshTokenFingerprint, ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(911, LogLevel.Debug, "GAM scheme {Scheme}: using the refresh of refresh token {RefreshTokenHash}… another instance made")]
    private static partial void LogShared(ILogger logger, string scheme, string refreshTokenHash);

    [LoggerMessage(912, LogLevel.Warning, "GAM scheme {Scheme}: the shared refresh result for refresh token {RefreshTokenHash}… does not verify ({Exception}); ignored")]
    private static partial void LogUnverifiable(ILogger logger, string scheme, string refreshTokenHash, string exception);

    [LoggerMessage(914, LogLevel.Warning, "GAM scheme {Scheme}: lost the refresh lock of refresh token {RefreshTokenHash}… while refreshing; another instance may refresh it too")]
    private static partial void LogLeaseLost(ILogger logger, string scheme, string refreshTokenHash);

    [LoggerMessage(913, LogLevel.Warning, "GAM scheme {Scheme}: waited two leases without a sign of life from another instance's refresh of refresh token {RefreshTokenHash}…; refreshing here")]
    private static partial void LogGaveUp(ILogger logger, string scheme, string refreshTokenHash);
}
