using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>
/// The production <see cref="IDistributedCache"/> for Redis (<see cref="RedisCache"/>, what <c>AddStackExchangeRedisCache</c>
/// registers) over a connection the test can also use directly, to look at or tamper with what is stored the way an
/// attacker with access to Redis would. <see cref="RedisCache"/> keeps each entry in a hash whose <c>data</c> field
/// holds the payload.
/// </summary>
internal sealed class RedisTestCache : IDisposable
{
    /// <summary>The hash field RedisCache stores the value in.</summary>
    public const string DataField = "data";

    public RedisTestCache(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.AllowAdmin = true;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        Connection = ConnectionMultiplexer.Connect(options);
        Cache = new RedisCache(Options.Create(new RedisCacheOptions
        {
            ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(Connection),
        }));
    }

    public ConnectionMultiplexer Connection { get; }

    public IDistributedCache Cache { get; }

    public IDatabase Database => Connection.GetDatabase();

    /// <summary>The stored payload of a key, as RedisCache wrote it.</summary>
    public async Task<byte[]?> PayloadAsync(string key) => await Database.HashGetAsync(key, DataField);

    /// <summary>Overwrites the payload of a key, keeping RedisCache's layout (an attacker writing to Redis).</summary>
    public async Task WritePayloadAsync(string key, byte[] payload, TimeSpan ttl)
    {
        await Database.HashSetAsync(key, [new HashEntry("absexp", -1), new HashEntry("sldexp", -1), new HashEntry(DataField, payload)]);
        await Database.KeyExpireAsync(key, ttl);
    }

    /// <summary>Completes when the connection is up (at once if it is): after a Redis restart, the multiplexer reconnects by itself.</summary>
    public Task WhenConnectedAsync()
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => connected.TrySetResult();
        Connection.ConnectionRestored += OnRestored;
        if (Connection.IsConnected)
        {
            connected.TrySetResult();
        }

        return connected.Task.ContinueWith(
            t =>
            {
                Connection.ConnectionRestored -= OnRestored;
                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    public void Dispose()
    {
        (Cache as IDisposable)?.Dispose();
        Connection.Dispose();
    }
}
