using GamAuthentication.StackExchangeRedis.Connection;
using GamAuthentication.StackExchangeRedis.Refresh;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using GamAuthentication.Testing;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>
/// GAM answers a refresh slower than the lock's lease (a slow network, an attacker on the path): the holder keeps its
/// lease, so no second instance refreshes the same refresh token (GAM's rotation would refuse one of the two).
/// </summary>
public sealed class RefreshLeaseTests
{
    [Fact]
    public async Task A_refresh_slower_than_the_lease_keeps_the_lock_and_the_other_instance_uses_its_result()
    {
        await using var server = await RedisServer.StartAsync();
        var options = new GamRedisOptions
        {
            ConnectionString = server.Endpoint,
            RefreshLockLease = TimeSpan.FromSeconds(6),
            RefreshPollInterval = TimeSpan.FromMilliseconds(10),
        };
        var keys = new EphemeralDataProtectionProvider();
        using var onA = new GamRedisConnection(options, NullLogger<GamRedisConnection>.Instance);
        using var onB = new GamRedisConnection(options, NullLogger<GamRedisConnection>.Instance);
        var logA = new FakeLogger<GamRedisRefreshCoordinator>();
        var logB = new FakeLogger<GamRedisRefreshCoordinator>();
        var a = new GamRedisRefreshCoordinator(onA, keys, logA);
        var b = new GamRedisRefreshCoordinator(onB, keys, logB);
        var context = new GamRefreshContext("Gam", "the-refresh-token", new Uri("http://localhost/gam/oauth/access_token"));
        RedisKey lockKey = "gam:refresh:lock:Gam:" + GamRedisConnection.Hash("the-refresh-token");
        var gam = new TaskCompletionSource<GamTokenResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var refreshes = 0;

        var first = a.RefreshAsync(context, _ => { Interlocked.Increment(ref refreshes); return gam.Task; }, CancellationToken.None);
        using var observer = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        var database = observer.GetDatabase();
        await Eventually.HoldsAsync(() => database.KeyExistsAsync(lockKey), TimeSpan.FromSeconds(10), "A takes the lock");
        var second = b.RefreshAsync(context, _ => { Interlocked.Increment(ref refreshes); return Task.FromResult(Result("from-B")); }, CancellationToken.None);

        // Four extensions of the lease, one every third of it: more than a lease of GAM's silence, with B polling all along
        // (a lease long enough that a busy test machine does not starve A past it).
        var (extensions, last) = (0, (TimeSpan?)null);
        await Eventually.HoldsAsync(async () =>
        {
            var ttl = await database.KeyTimeToLiveAsync(lockKey);
            extensions += ttl > last ? 1 : 0;
            last = ttl;
            return extensions >= 4 || Volatile.Read(ref refreshes) > 1 || second.IsCompleted;
        }, TimeSpan.FromSeconds(30), "four extensions of the lease");
        Assert.True(Volatile.Read(ref refreshes) == 1, $"extensions {extensions}; A: {string.Join(" | ", logA.Collector.GetSnapshot().Select(r => r.Message))}; B: {string.Join(" | ", logB.Collector.GetSnapshot().Select(r => r.Message))}");
        gam.SetResult(Result("from-A"));

        Assert.Equal("from-A", (await first).Token!.AccessToken);
        Assert.Equal("from-A", (await second.WaitAsync(TimeSpan.FromSeconds(30))).Token!.AccessToken);
        Assert.Equal(1, refreshes);
        Assert.False(await database.KeyExistsAsync(lockKey));
    }

    [Fact]
    public async Task A_holder_whose_lease_was_taken_over_does_not_release_the_new_holders_lock()
    {
        await using var server = await RedisServer.StartAsync();
        var options = new GamRedisOptions { ConnectionString = server.Endpoint, RefreshLockLease = TimeSpan.FromSeconds(3) };
        using var connection = new GamRedisConnection(options, NullLogger<GamRedisConnection>.Instance);
        var log = new FakeLogger<GamRedisRefreshCoordinator>();
        var a = new GamRedisRefreshCoordinator(connection, new EphemeralDataProtectionProvider(), log);
        var context = new GamRefreshContext("Gam", "the-refresh-token", new Uri("http://localhost/gam/oauth/access_token"));
        RedisKey lockKey = "gam:refresh:lock:Gam:" + GamRedisConnection.Hash("the-refresh-token");
        var gam = new TaskCompletionSource<GamTokenResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var refreshing = a.RefreshAsync(context, _ => gam.Task, CancellationToken.None);
        using var other = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        var database = other.GetDatabase();
        await Eventually.HoldsAsync(() => database.KeyExistsAsync(lockKey), TimeSpan.FromSeconds(10), "A takes the lock");

        // A's lease ran out (or Redis lost it) and another instance holds the lock now.
        await database.StringSetAsync(lockKey, "another-holder", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => Task.FromResult(log.Collector.GetSnapshot().Any(r => r.Message.Contains("lost the refresh lock", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "A notices at its next extension that the lock is not its own");
        gam.SetResult(Result("from-A"));

        Assert.Equal("from-A", (await refreshing).Token!.AccessToken);
        Assert.Equal("another-holder", (string?)await database.StringGetAsync(lockKey));
    }

    private static GamTokenResult Result(string accessToken) =>
        GamTokenResult.FromToken(new GamToken(accessToken, "Bearer", DateTimeOffset.UtcNow.AddHours(1), "rotated-" + accessToken, [], null));
}
