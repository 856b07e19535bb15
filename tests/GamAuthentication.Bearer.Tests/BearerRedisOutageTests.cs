using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using GamAuthentication.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Bearer.Tests;

/// <summary>
/// Redis stopped in the middle of a run: every request is still decided correctly by GAM (no 500, nothing
/// authenticated wrongly), L2 is bypassed for a back-off instead of failing every request, and once Redis is
/// back and the back-off is over, L2 is used again. Own redis-server: these tests kill it.
/// </summary>
public sealed class BearerRedisOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly IDataProtectionProvider _sharedKeys = new EphemeralDataProtectionProvider();
    private readonly FakeTimeProvider _clock = new();
    private readonly List<RedisTestCache> _caches = [];
    private readonly List<ApiTestHost> _apis = [];
    private RedisServer _redis = null!;
    private GamTestServer _gam = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _gam = await GamTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var api in _apis)
        {
            await api.DisposeAsync();
        }

        foreach (var cache in _caches)
        {
            cache.Dispose();
        }

        await _gam.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Redis_stopped_mid_run_leaves_GAM_to_decide_every_request_correctly()
    {
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync();
        var cachedBeforeOutage = _gam.IssueToken();
        var revokedDuringOutage = _gam.IssueToken("admin");
        (await a.GetWithTokenAsync("/me", cachedBeforeOutage)).Dispose();
        Assert.Equal(1, _gam.UserInfoCalls);

        await _redis.StopAsync();
        _gam.Emulator.RevokeToken(revokedDuringOutage);
        var fresh = _gam.IssueToken();

        using var cachedOnB = await b.GetWithTokenAsync("/me", cachedBeforeOutage);
        using var freshOnB = await b.GetWithTokenAsync("/me", fresh);
        using var revokedOnB = await b.GetWithTokenAsync("/me", revokedDuringOutage);
        using var unknownOnB = await b.GetWithTokenAsync("/me", "never-issued");
        using var cachedOnA = await a.GetWithTokenAsync("/me", cachedBeforeOutage);

        Assert.Equal(HttpStatusCode.OK, cachedOnB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshOnB.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revokedOnB.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownOnB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cachedOnA.StatusCode);
        Assert.Contains("\"name\":\"demo\"", await freshOnB.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // B asked GAM for all four (Redis could not answer); A still had its token in memory.
        Assert.Equal(5, _gam.UserInfoCalls);
        // The warning says whether it was a timeout (a stopped Redis refuses connections; its client may also time out).
        var warning = Assert.Single(b.Logs.Lines(LogLevel.Warning), l => l.Contains("distributed cache failed", StringComparison.Ordinal));
        Assert.Matches(", (not a timeout: |a timeout of the cache client \\()", warning);

        // One failure starts the back-off: the three later misses did not try Redis again.
        Assert.Equal(1, b.Counter(GamMetrics.DistributedCacheErrors).Total());
    }

    [Fact]
    public async Task Redis_back_after_the_backoff_is_used_again()
    {
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync();
        await _redis.StopAsync();
        (await a.GetWithTokenAsync("/me", _gam.IssueToken())).Dispose();
        Assert.Equal(1, a.Counter(GamMetrics.DistributedCacheErrors).Total());

        await _redis.StartAgainAsync();
        await Task.WhenAll(_caches.Select(c => c.WhenConnectedAsync())).WaitAsync(Guard);

        // Still inside the back-off: Redis is not tried.
        var duringBackoff = _gam.IssueToken();
        (await a.GetWithTokenAsync("/me", duringBackoff)).Dispose();
        Assert.False(await _caches[0].Connection.GetDatabase().KeyExistsAsync(Key(duringBackoff)));

        _clock.Advance(TimeSpan.FromSeconds(30));
        var afterBackoff = _gam.IssueToken();
        (await a.GetWithTokenAsync("/me", afterBackoff)).Dispose();
        var callsBefore = _gam.UserInfoCalls;
        using var onB = await b.GetWithTokenAsync("/me", afterBackoff);

        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.True(await _caches[0].Connection.GetDatabase().KeyExistsAsync(Key(afterBackoff)));
        Assert.Equal(callsBefore, _gam.UserInfoCalls);
        Assert.Equal(1, b.Counter(GamMetrics.DistributedCacheHits).Total());
    }

    [Fact]
    public async Task A_hanging_distributed_cache_costs_one_timeout_then_is_bypassed()
    {
        var hanging = new HangingDistributedCache();
        var api = await ApiTestHost.StartAsync(_gam, o => o.DistributedCacheTimeout = TimeSpan.FromMilliseconds(200), s =>
        {
            s.AddSingleton<IDistributedCache>(hanging);
            s.AddSingleton(_sharedKeys);
        }, _clock);
        _apis.Add(api);

        // The first request waits on the cache until its time-out passes on the clock; the four after it never try.
        var first = api.GetWithTokenAsync("/me", _gam.IssueToken());
        await hanging.Entered.WaitAsync(Guard);
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        using (var response = await first.WaitAsync(Guard))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        for (var i = 0; i < 4; i++)
        {
            using var response = await api.GetWithTokenAsync("/me", _gam.IssueToken());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, hanging.Calls);
        Assert.Equal(1, api.Counter(GamMetrics.DistributedCacheErrors).Total());
        Assert.Equal(5, _gam.UserInfoCalls);
        Assert.Contains(api.Logs.Lines(LogLevel.Warning), l => l.Contains("the distributed cache failed to read the entry of token", StringComparison.Ordinal)
            && l.Contains(", a timeout: no answer within DistributedCacheTimeout (200 ms);", StringComparison.Ordinal));
    }

    private static string Key(string token) => DistributedKeys.DefaultKey(token);

    private async Task<ApiTestHost> StartInstanceAsync()
    {
        var cache = new RedisTestCache(_redis.Endpoint);
        _caches.Add(cache);
        var api = await ApiTestHost.StartAsync(
            _gam,
            o => o.DistributedCacheTimeout = TimeSpan.FromSeconds(10),
            services =>
            {
                services.AddSingleton(cache.Cache);
                services.AddSingleton(_sharedKeys);
            },
            _clock);
        _apis.Add(api);
        return api;
    }

    /// <summary>A distributed cache whose every call hangs (a network partition rather than a refused connection).</summary>
    private sealed class HangingDistributedCache : IDistributedCache
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>Completes at the first call.</summary>
        public Task Entered => _entered.Task;

        public byte[]? Get(string key) => throw new NotSupportedException();

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Hang<byte[]?>();

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new NotSupportedException();

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => Hang<bool>();

        public void Refresh(string key) => throw new NotSupportedException();

        public Task RefreshAsync(string key, CancellationToken token = default) => Hang<bool>();

        public void Remove(string key) => throw new NotSupportedException();

        public Task RemoveAsync(string key, CancellationToken token = default) => Hang<bool>();

        // Ignores its cancellation token, as some clients do: only the handler's own timeout can end the wait.
        private Task<T> Hang<T>()
        {
            Interlocked.Increment(ref _calls);
            _entered.TrySetResult();
            return new TaskCompletionSource<T>().Task;
        }
    }
}
