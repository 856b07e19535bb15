using System.Security.Cryptography;
using System.Text.Json;
using GamAuthentication.Bearer;
using GamAuthentication.StackExchangeRedis.Connection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Revocations;

/// <summary>
/// Farm-wide revocation: every revocation and eviction of this instance's bearer cache, and every GAM sign-out, is
/// published on a Redis channel; every other instance applies it to its in-memory caches. Messages are protected with
/// Data Protection under a fixed purpose (the shared key ring and application name make them readable across the farm);
/// one that does not verify is dropped and logged, never applied. A GAM sign-out revokes the token in every bearer scheme
/// of the receiving app, whatever its name.
/// </summary>
internal sealed partial class GamRedisRevocationChannel : IGamBearerCacheListener, IGamSignOutListener, IHostedService
{
    private const string Purpose = "GamAuthentication.StackExchangeRedis.Revocations.v1";
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly GamRedisConnection _redis;
    private readonly IDataProtector _protector;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisChannel _channel;
    private int _subscribed;

    public GamRedisRevocationChannel(GamRedisConnection redis, IDataProtectionProvider dataProtection, IServiceProvider services, ILogger<GamRedisRevocationChannel> logger)
    {
        _redis = redis;
        _protector = dataProtection.CreateProtector(Purpose);
        _services = services;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = logger;
        _channel = RedisChannel.Literal(redis.Key("revocations"));
    }

    public Task ChangedAsync(GamBearerCacheChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var kind = change.Kind == GamBearerCacheChangeKind.Revoked ? GamRevocationKind.Revoked : GamRevocationKind.Evicted;
        var remaining = change.RevokedUntil is { } until ? until - _time.GetUtcNow() : (TimeSpan?)null;
        return PublishAsync(new GamRevocationMessage(_origin, kind, change.Scheme, change.TokenHash, remaining));
    }

    public Task SigningOutAsync(GamSignOutContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return string.IsNullOrEmpty(context.AccessToken)
            ? Task.CompletedTask
            : PublishAsync(new GamRevocationMessage(_origin, GamRevocationKind.SignedOut, context.Scheme, GamRedisConnection.Hash(context.AccessToken), null));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resubscribe when a connection that failed at start comes (back): the multiplexer restores only what it knew.
        _redis.Multiplexer.ConnectionRestored += (_, _) => _ = SubscribeAsync();
        await SubscribeAsync().ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _subscribed) == 1 ? UnsubscribeAsync() : Task.CompletedTask;

    private async Task SubscribeAsync()
    {
        if (Interlocked.CompareExchange(ref _subscribed, 1, 0) != 0)
        {
            return;
        }

        try
        {
            var queue = await _redis.Multiplexer.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
            queue.OnMessage(message => ReceiveAsync(message.Message));
            _redis.Healthy();
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
        {
            Volatile.Write(ref _subscribed, 0);
            _redis.Outage("revocation channel", ex);
        }
    }

    private async Task UnsubscribeAsync()
    {
        try
        {
            await _redis.Multiplexer.GetSubscriber().UnsubscribeAsync(_channel).ConfigureAwait(false);
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
        {
            LogUnsubscribeFailed(_logger, ex.GetType().Name);
        }
    }

    private async Task PublishAsync(GamRevocationMessage message)
    {
        try
        {
            await _redis.Multiplexer.GetSubscriber().PublishAsync(_channel, _protector.Protect(message.Write())).ConfigureAwait(false);
            _redis.Healthy();
            LogPublished(_logger, message.ToString());
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
        {
            _redis.Outage("revocation channel", ex);
        }
    }

    /// <summary>Applies a message another instance published, once it verified.</summary>
    internal async Task ReceiveAsync(RedisValue value)
    {
        GamRevocationMessage message;
        try
        {
            message = GamRevocationMessage.Read(_protector.Unprotect((byte[])value!));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            LogUnverifiable(_logger, ex.GetType().Name);
            return;
        }

        if (message.Origin == _origin || _services.GetService<GamBearerTokenCache>() is not { } cache)
        {
            return;
        }

        try
        {
            var applied = message.Kind switch
            {
                GamRevocationKind.Revoked => message.RevokedFor is { } remaining &&
                    await cache.ApplyAsync(new GamBearerCacheChange(message.Scheme, message.TokenHash, GamBearerCacheChangeKind.Revoked, _time.GetUtcNow() + remaining)).ConfigureAwait(false),
                GamRevocationKind.Evicted => await cache.ApplyAsync(new GamBearerCacheChange(message.Scheme, message.TokenHash, GamBearerCacheChangeKind.Evicted, null)).ConfigureAwait(false),
                _ => await RevokeEverywhereAsync(cache, message.TokenHash).ConfigureAwait(false),
            };
            LogApplied(_logger, message.ToString(), applied);
        }
        catch (ArgumentException ex)
        {
            LogUnverifiable(_logger, ex.GetType().Name);
        }
    }

    /// <summary>A GAM sign-out elsewhere: every bearer scheme here refuses the token for its cache duration.</summary>
    private async Task<bool> RevokeEverywhereAsync(GamBearerTokenCache cache, string tokenHash)
    {
        var applied = false;
        var options = _services.GetRequiredService<IOptionsMonitor<GamBearerOptions>>();
        foreach (var scheme in await _services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync().ConfigureAwait(false))
        {
            if (scheme.HandlerType != typeof(GamBearerHandler) || options.Get(scheme.Name).CacheDuration <= TimeSpan.Zero)
            {
                continue;
            }

            applied |= await cache.ApplyAsync(new GamBearerCacheChange(scheme.Name, tokenHash, GamBearerCacheChangeKind.Revoked, _time.GetUtcNow() + options.Get(scheme.Name).CacheDuration)).ConfigureAwait(false);
        }

        return applied;
    }

    [LoggerMessage(921, LogLevel.Debug, "GAM Redis: told the other instances: {Change}")]
    private static partial void LogPublished(ILogger logger, string change);

    [LoggerMessage(922, LogLevel.Debug, "GAM Redis: another instance said {Change}; applied here: {Applied}")]
    private static partial void LogApplied(ILogger logger, string change, bool applied);

    [LoggerMessage(923, LogLevel.Warning, "GAM Redis: dropped a revocation message that does not verify ({Exception}): not from an instance of this farm, or tampered with")]
    private static partial void LogUnverifiable(ILogger logger, string exception);

    [LoggerMessage(924, LogLevel.Debug, "GAM Redis: could not unsubscribe from the revocation channel ({Exception})")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string exception);
}
