using System.Net;
using System.Text;
using System.Text.Json;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using GamAuthentication.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Bearer.Tests;

/// <summary>L2 on a real redis-server shared by two API instances: shared answers, TTLs, protected payloads, hashed keys, eviction.</summary>
public sealed class BearerRedisTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly IDataProtectionProvider _sharedKeys = new EphemeralDataProtectionProvider();
    private readonly FakeTimeProvider _clock = new();
    private GamTestServer _gam = null!;

    public async Task InitializeAsync() => _gam = await GamTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        await _gam.DisposeAsync();
    }

    [Fact]
    public async Task A_token_validated_on_instance_A_costs_instance_B_no_userinfo_call()
    {
        var (a, _) = await StartInstanceAsync();
        var (b, _) = await StartInstanceAsync();
        var token = _gam.IssueToken();

        using var first = await a.GetWithTokenAsync("/me", token);
        using var second = await b.GetWithTokenAsync("/me", token);
        using var third = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, _gam.UserInfoCalls);
        Assert.Equal(1, b.Counter(GamMetrics.DistributedCacheHits).Total());
        Assert.Equal(1, b.Counter(GamMetrics.MemoryCacheHits).Total());
        Assert.Equal(0, b.Counter(GamMetrics.UserInfoCalls).Total());
    }

    [Fact]
    public async Task Claims_keep_type_value_value_type_and_issuer_through_Redis()
    {
        var (a, _) = await StartInstanceAsync();
        var (b, _) = await StartInstanceAsync();
        var token = _gam.IssueToken();

        using var fromGam = await a.GetWithTokenAsync("/me", token);
        using var fromRedis = await b.GetWithTokenAsync("/me", token);

        using var expected = JsonDocument.Parse(await fromGam.Content.ReadAsStringAsync());
        using var actual = JsonDocument.Parse(await fromRedis.Content.ReadAsStringAsync());
        Assert.Equal(expected.RootElement.GetProperty("claims").GetRawText(), actual.RootElement.GetProperty("claims").GetRawText());
        Assert.Contains("\"valueType\":\"http://www.w3.org/2001/XMLSchema#boolean\"", actual.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, b.Counter(GamMetrics.DistributedCacheHits).Total());
    }

    [Fact]
    public async Task A_token_rejected_on_instance_A_is_rejected_by_instance_B_without_asking_GAM()
    {
        var (a, _) = await StartInstanceAsync();
        var (b, _) = await StartInstanceAsync();
        var token = _gam.IssueToken();
        _gam.Emulator.RevokeToken(token);

        using var first = await a.GetWithTokenAsync("/me", token);
        using var second = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"invalid_token\", error_description=\"The access token is invalid (GAM error 114).\"", second.WwwAuthenticate());
        Assert.Equal(1, _gam.UserInfoCalls);
        Assert.Equal(1, b.Counter(GamMetrics.NegativeCacheHits).Total());
    }

    [Fact]
    public async Task Redis_entries_expire_with_the_cache_durations()
    {
        var (a, cache) = await StartInstanceAsync(o => o.CacheDuration = TimeSpan.FromSeconds(45));
        var valid = _gam.IssueToken();
        const string rejected = "rejected-token-for-ttl";

        (await a.GetWithTokenAsync("/me", valid)).Dispose();
        (await a.GetWithTokenAsync("/me", rejected)).Dispose();

        var database = cache.Connection.GetDatabase();
        var validTtl = await database.KeyTimeToLiveAsync(Key(valid));
        var rejectedTtl = await database.KeyTimeToLiveAsync(Key(rejected));
        Assert.NotNull(validTtl);
        Assert.InRange(validTtl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(45));
        Assert.NotNull(rejectedTtl);
        Assert.InRange(rejectedTtl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_entry_past_its_expiry_on_the_clock_is_not_used_even_if_Redis_still_holds_it()
    {
        var (a, cache) = await StartInstanceAsync();
        var (b, _) = await StartInstanceAsync();
        var token = _gam.IssueToken();
        (await a.GetWithTokenAsync("/me", token)).Dispose();

        _clock.Advance(TimeSpan.FromMinutes(1));
        using var response = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
        Assert.Equal(0, b.Counter(GamMetrics.DistributedCacheHits).Total());
        Assert.True(await cache.Connection.GetDatabase().KeyExistsAsync(Key(token)));
    }

    [Fact]
    public async Task Keys_are_the_scheme_prefix_and_the_token_hash_never_the_token()
    {
        var (a, cache) = await StartInstanceAsync();
        var token = _gam.IssueToken();

        (await a.GetWithTokenAsync("/me", token)).Dispose();

        var server = cache.Connection.GetServer(redis.Server.Endpoint);
        var keys = server.Keys(pattern: "*").Select(k => (string)k!).ToList();
        Assert.Contains(Key(token), keys);
        Assert.DoesNotContain(keys, k => k.Contains(token, StringComparison.Ordinal) || k.Contains(token.Split('!')[1], StringComparison.Ordinal));
        Assert.StartsWith("GamAuthentication:Bearer:GamBearer:" + DistributedKeys.EndpointId(DistributedKeys.TestUserInfoEndpoint) + ":", Key(token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payloads_are_protected_and_not_readable_JSON()
    {
        var (a, cache) = await StartInstanceAsync();
        var token = _gam.IssueToken();

        (await a.GetWithTokenAsync("/me", token)).Dispose();

        var payload = await cache.PayloadAsync(Key(token));
        Assert.NotNull(payload);
        var text = Encoding.UTF8.GetString(payload);
        Assert.DoesNotContain("demo@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Montevideo", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(payload));
    }

    [Fact]
    public async Task Without_protection_the_payload_is_compact_binary_claims_which_is_why_protection_is_on_by_default()
    {
        var (a, cache) = await StartInstanceAsync(o => o.ProtectDistributedCache = false);
        var token = _gam.IssueToken();

        (await a.GetWithTokenAsync("/me", token)).Dispose();

        var payload = await cache.PayloadAsync(Key(token));
        Assert.Contains("demo@example.com", Encoding.UTF8.GetString(payload!), StringComparison.Ordinal);
        Assert.DoesNotContain(token, Encoding.UTF8.GetString(payload!), StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(payload));
    }

    [Fact]
    public async Task An_instance_with_another_key_ring_cannot_read_the_entry_and_asks_GAM()
    {
        var (a, _) = await StartInstanceAsync();
        var (b, _) = await StartInstanceAsync(keys: new EphemeralDataProtectionProvider());
        var token = _gam.IssueToken();

        (await a.GetWithTokenAsync("/me", token)).Dispose();
        using var response = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
        Assert.Contains(b.Logs.Lines(LogLevel.Warning), l => l.Contains("is ignored and GAM decides", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evicting_a_token_removes_it_from_Redis_for_every_instance()
    {
        var (a, cache) = await StartInstanceAsync();
        var (b, _) = await StartInstanceAsync();
        var token = _gam.IssueToken();
        (await a.GetWithTokenAsync("/me", token)).Dispose();
        _gam.Emulator.RevokeToken(token);

        await a.TokenCache.EvictAsync(token);
        using var response = await b.GetWithTokenAsync("/me", token);

        Assert.False(await cache.Connection.GetDatabase().KeyExistsAsync(Key(token)) && response.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task With_the_memory_cache_off_every_request_reads_Redis()
    {
        var (a, _) = await StartInstanceAsync(o => o.EnableMemoryCache = false);
        var token = _gam.IssueToken();

        for (var i = 0; i < 4; i++)
        {
            using var response = await a.GetWithTokenAsync("/me", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, _gam.UserInfoCalls);
        Assert.Equal(3, a.Counter(GamMetrics.DistributedCacheHits).Total());
        Assert.Equal(0, a.Counter(GamMetrics.MemoryCacheHits).Total());
    }

    [Fact]
    public async Task The_distributed_cache_can_be_turned_off_even_when_registered()
    {
        var (a, cache) = await StartInstanceAsync(o => o.EnableDistributedCache = false);
        var token = _gam.IssueToken();

        (await a.GetWithTokenAsync("/me", token)).Dispose();

        Assert.False(await cache.Connection.GetDatabase().KeyExistsAsync(Key(token)));
    }

    [Fact]
    public async Task GAM_unavailable_is_never_written_to_Redis()
    {
        var (a, cache) = await StartInstanceAsync();
        var token = _gam.IssueToken();
        a.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.BadGateway);

        using var response = await a.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(await cache.Connection.GetDatabase().KeyExistsAsync(Key(token)));
    }

    private static string Key(string token) => DistributedKeys.DefaultKey(token);

    private async Task<(ApiTestHost Api, RedisTestCache Cache)> StartInstanceAsync(Action<GamBearerOptions>? configure = null, IDataProtectionProvider? keys = null)
    {
        var cache = new RedisTestCache(redis.Server.Endpoint);
        var api = await ApiTestHost.StartAsync(
            _gam,
            o =>
            {
                // Generous: a loaded CI machine must not turn a slow Redis answer into a GAM call.
                o.DistributedCacheTimeout = TimeSpan.FromSeconds(10);
                configure?.Invoke(o);
            },
            services =>
            {
                services.AddSingleton(cache.Cache);
                services.AddSingleton(keys ?? _sharedKeys);
            },
            _clock);
        _disposables.Add(api);
        _disposables.Add(new DisposeAction(cache.Dispose));
        return (api, cache);
    }

    private sealed class DisposeAction(Action action) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            action();
            return ValueTask.CompletedTask;
        }
    }
}
