using System.Buffers.Text;
using System.Security.Cryptography;
using GamAuthentication.Claims;
using GamAuthentication.StackExchangeRedis.Connection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Sessions;

/// <summary>
/// Server-side sessions: the cookie handler's <see cref="ITicketStore"/> over <see cref="IDistributedCache"/>. The cookie
/// carries a random session id; the ticket (claims, tokens) is serialized, protected with Data Protection under a purpose
/// bound to the session id (a payload moved to another id does not verify) and kept until the ticket expires. A refresh
/// re-issues the ticket, which the cookie handler writes with <see cref="RenewAsync"/>: every instance reads the new
/// tokens at the next request. Each session is also indexed under its GAM user's GUID (hashed), to end them all.
/// Redis down: a session cannot be read, so the request is not authenticated (never a 500, never a wrong user).
/// </summary>
internal sealed partial class GamRedisTicketStore(
    IDistributedCache cache, GamRedisConnection redis, IDataProtectionProvider dataProtection, TimeProvider time, ILogger<GamRedisTicketStore> logger) : ITicketStore
{
    private const string Purpose = "GamAuthentication.StackExchangeRedis.Session.v1";

    /// <summary>Whether Redis is connected now (no round trip): a sign-in is refused early when it is not.</summary>
    public bool IsReachable => redis.Multiplexer.IsConnected;

    /// <summary>Logs a sign-in refused because Redis cannot be reached.</summary>
    public void SignInUnavailable() => LogSignInUnavailable(logger);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await WriteAsync(key, ticket, failSilently: false).ConfigureAwait(false);
        return key;
    }

    /// <summary>
    /// A refresh or a sliding renewal of a session that still exists: one ended meanwhile (signed out, or by
    /// <see cref="EndAllAsync"/> while this request was in flight) stays ended. Redis down: logged, and the session keeps
    /// its previous ticket.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            if (await cache.GetAsync(CacheKey(key)).ConfigureAwait(false) is null)
            {
                LogNotRenewed(logger);
                return;
            }
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
        {
            redis.Outage("server-side sessions", ex);
            return;
        }

        await WriteAsync(key, ticket, failSilently: true).ConfigureAwait(false);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        byte[]? payload;
        try
        {
            payload = await cache.GetAsync(CacheKey(key)).ConfigureAwait(false);
            redis.Healthy();
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
        {
            redis.Outage("server-side sessions", ex);
            return null;
        }

        if (payload is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(Protector(key).Unprotect(payload));
        }
        catch (CryptographicException ex)
        {
            LogUnverifiable(logger, ex.GetType().Name);
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            await cache.RemoveAsync(CacheKey(key)).ConfigureAwait(false);
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex))
        {
            // The session then ends with its expiry; the cookie is deleted anyway.
            redis.Outage("server-side sessions", ex);
        }
    }

    /// <summary>Ends every session of the GAM user <paramref name="userGuid"/>, wherever it was made.</summary>
    public async Task<int> EndAllAsync(string userGuid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userGuid);
        var index = IndexKey(userGuid);
        var database = redis.Database;
        var ended = 0;
        foreach (var member in await database.SetMembersAsync(index).ConfigureAwait(false))
        {
            await cache.RemoveAsync(CacheKey(member!), cancellationToken).ConfigureAwait(false);
            ended++;
        }

        await database.KeyDeleteAsync(index).ConfigureAwait(false);
        LogEnded(logger, ended);
        return ended;
    }

    private async Task WriteAsync(string key, AuthenticationTicket ticket, bool failSilently)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(ticket);
        var lifetime = ticket.Properties.ExpiresUtc is { } expires ? expires - time.GetUtcNow() : redis.Options.SessionLifetime;
        if (lifetime < TimeSpan.FromSeconds(1))
        {
            lifetime = TimeSpan.FromSeconds(1);
        }

        try
        {
            await cache.SetAsync(CacheKey(key), Protector(key).Protect(TicketSerializer.Default.Serialize(ticket)),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime }).ConfigureAwait(false);
            if (UserGuid(ticket) is { } userGuid)
            {
                await IndexAsync(IndexKey(userGuid), key, lifetime).ConfigureAwait(false);
            }

            redis.Healthy();
        }
        catch (Exception ex) when (GamRedisConnection.IsOutage(ex) && failSilently)
        {
            redis.Outage("server-side sessions", ex);
        }
    }

    /// <summary>Adds the session to its user's index, which lives as long as the user's longest session.</summary>
    private async Task IndexAsync(RedisKey index, string key, TimeSpan lifetime)
    {
        var database = redis.Database;
        await database.SetAddAsync(index, key).ConfigureAwait(false);
        var ttl = await database.KeyTimeToLiveAsync(index).ConfigureAwait(false);
        if (ttl is null || ttl < lifetime)
        {
            await database.KeyExpireAsync(index, lifetime).ConfigureAwait(false);
        }
    }

    private static string? UserGuid(AuthenticationTicket ticket) =>
        ticket.Properties.GetTokenValue(GamTokenNames.UserGuid) is { Length: > 0 } fromTokens
            ? fromTokens
            : ticket.Principal.FindFirst(GamClaimTypes.UserGuid)?.Value is { Length: > 0 } fromClaims ? fromClaims : null;

    private IDataProtector Protector(string key) => dataProtection.CreateProtector(Purpose, key);

    private static string CacheKey(string key) => "session:" + key;

    /// <summary>The user's index; a GUID names it in one form whatever form it comes in (dashes, braces, case).</summary>
    private RedisKey IndexKey(string userGuid) =>
        redis.Key("sessions:user:" + GamRedisConnection.Hash(Guid.TryParse(userGuid, out var guid) ? guid.ToString("D") : userGuid));

    [LoggerMessage(931, LogLevel.Warning, "GAM Redis: a server-side session does not verify ({Exception}); the request is not authenticated")]
    private static partial void LogUnverifiable(ILogger logger, string exception);

    [LoggerMessage(934, LogLevel.Warning, "GAM Redis: a sign-in was answered 503: Redis cannot be reached, so its server-side session cannot be stored")]
    private static partial void LogSignInUnavailable(ILogger logger);

    [LoggerMessage(933, LogLevel.Debug, "GAM Redis: a server-side session ended while a request renewed it; it stays ended")]
    private static partial void LogNotRenewed(ILogger logger);

    [LoggerMessage(932, LogLevel.Information, "GAM Redis: ended {Count} server-side session(s) of a user")]
    private static partial void LogEnded(ILogger logger, int count);
}
