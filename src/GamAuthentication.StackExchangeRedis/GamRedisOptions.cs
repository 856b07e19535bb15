namespace GamAuthentication.StackExchangeRedis;

/// <summary>
/// What <c>AddGamRedis()</c> shares through Redis. Every part is on by default except server-side sessions; each can be
/// switched off, so one part can be used alone. Binds from configuration (e.g. the section <c>Gam:Redis</c>).
/// </summary>
public sealed class GamRedisOptions
{
    /// <summary>The StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>redis:6379,password=…</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Prefixes every key and channel this package uses in Redis (default <c>gam:</c>). Apps that must not share
    /// anything use different prefixes on the same Redis.
    /// </summary>
    public string KeyPrefix { get; set; } = "gam:";

    /// <summary>
    /// The Data Protection application name (default <c>GamAuthentication</c>). Every instance, and every app that must
    /// understand the others (an MVC app whose sign-outs reach its APIs), needs the same one: Data Protection isolates
    /// apps with different names even when they share the key ring.
    /// </summary>
    public string ApplicationName { get; set; } = "GamAuthentication";

    /// <summary>Keeps the Data Protection key ring in Redis, so cookies, state and protected payloads made on one instance are read on every other (default true).</summary>
    public bool SharedKeyRing { get; set; } = true;

    /// <summary>Registers Redis as the <c>IDistributedCache</c> (the bearer L2 cache, the server-side sessions) on the shared connection (default true).</summary>
    public bool DistributedCache { get; set; } = true;

    /// <summary>One refresh per refresh token across the farm: a Redis lock around the refresh and its result shared (default true).</summary>
    public bool RefreshLock { get; set; } = true;

    /// <summary>Bearer revocations, evictions and GAM sign-outs made on one instance are applied by every instance, over Redis pub/sub (default true).</summary>
    public bool Revocations { get; set; } = true;

    /// <summary>
    /// Opt-in (default false): the sign-in cookie of every scheme <c>AddGam()</c> signs in with carries only a session id;
    /// the ticket and its tokens are kept, protected, in the distributed cache.
    /// </summary>
    public bool ServerSideSessions { get; set; }

    /// <summary>
    /// How long the instance that refreshes holds the refresh lock at most (default 15 s). If it dies, another instance
    /// refreshes once the lease has run out. Longer than a refresh normally takes.
    /// </summary>
    public TimeSpan RefreshLockLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a refresh result stays in Redis for the other instances (default 10 s, as the per-process reuse window).</summary>
    public TimeSpan RefreshResultLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an instance waiting for another's refresh looks for its result (default 50 ms).</summary>
    public TimeSpan RefreshPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a server-side session lives when its ticket has no expiry (default 14 days, the cookie handler's default).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Throws when a setting cannot work.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("GamRedisOptions.ConnectionString is required (e.g. \"localhost:6379\").");
        }

        if (string.IsNullOrEmpty(KeyPrefix))
        {
            throw new ArgumentException("GamRedisOptions.KeyPrefix must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(ApplicationName))
        {
            throw new ArgumentException("GamRedisOptions.ApplicationName must not be empty: every instance needs the same one.");
        }

        foreach (var (name, value) in (ReadOnlySpan<(string, TimeSpan)>)[(nameof(RefreshLockLease), RefreshLockLease), (nameof(RefreshResultLifetime), RefreshResultLifetime),
            (nameof(RefreshPollInterval), RefreshPollInterval), (nameof(SessionLifetime), SessionLifetime)])
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"GamRedisOptions.{name} must be positive.");
            }
        }
    }
}
