using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>
/// A small test-side <see cref="IDistributedCache"/> over a real Redis. Why StackExchange.Redis 1.2.6: it is
/// the only Redis client that restores on these machines; Microsoft.Extensions.Caching.StackExchangeRedis
/// (what production apps use, via <c>AddStackExchangeRedisCache</c>) needs StackExchange.Redis 2.x, whose
/// dependencies are absent here (see shared/packages.md). 1.2.6 works on .NET 10 against Redis 7.
/// Absolute expirations only (the bearer cache uses no sliding expiration).
/// </summary>
internal sealed class RedisDistributedCache : IDistributedCache, IDisposable
{
    private readonly ConnectionMultiplexer _connection;

    public RedisDistributedCache(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        _connection = ConnectionMultiplexer.Connect(options);

        // 1.x completes async operations one by one in order by default; a cache needs no ordering.
        _connection.PreserveAsyncOrder = false;
    }

    public ConnectionMultiplexer Connection => _connection;

    /// <summary>Completes when the connection is up (at once if it is): after a Redis restart, the multiplexer reconnects by itself.</summary>
    public Task WhenConnectedAsync()
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => connected.TrySetResult();
        _connection.ConnectionRestored += OnRestored;
        if (_connection.IsConnected)
        {
            connected.TrySetResult();
        }

        return connected.Task.ContinueWith(
            t =>
            {
                _connection.ConnectionRestored -= OnRestored;
                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    private IDatabase Database => _connection.GetDatabase();

    public byte[]? Get(string key) => Database.StringGet(key);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) => await Database.StringGetAsync(key);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Database.StringSet(key, value, Expiry(options));

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Database.StringSetAsync(key, value, Expiry(options));

    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => Database.KeyDelete(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => Database.KeyDeleteAsync(key);

    public void Dispose() => _connection.Dispose();

    private static TimeSpan? Expiry(DistributedCacheEntryOptions options) =>
        options.AbsoluteExpirationRelativeToNow ?? (options.AbsoluteExpiration is { } at ? at - DateTimeOffset.UtcNow : null);
}
