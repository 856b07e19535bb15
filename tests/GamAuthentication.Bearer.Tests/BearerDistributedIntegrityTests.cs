using System.Buffers.Binary;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Protocol;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using GamAuthentication.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Bearer.Tests;

/// <summary>
/// An attacker who can write to Redis but does not hold the application's Data Protection keys tampers with L2
/// entries, on a real redis-server through the production RedisCache. Whatever they write, an instance never accepts a
/// token GAM did not accept, never changes whose token it is or its claims, and never turns a valid token into a
/// rejected one: the entry is ignored (one warning, a metric) and GAM decides. Every case runs with payload encryption
/// on (the default) and off (entries then readable, but still authenticated).
/// </summary>
public sealed class BearerDistributedIntegrityTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private const string Ignored = "is ignored and GAM decides";
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly IDataProtectionProvider _farmKeys = new EphemeralDataProtectionProvider();
    private readonly FakeTimeProvider _clock = new();
    private GamTestServer _gam = null!;
    private RedisTestCache _redis = null!;

    public async Task InitializeAsync()
    {
        _gam = await GamTestServer.StartAsync();
        _redis = new RedisTestCache(redis.Server.Endpoint);
        await _redis.Connection.GetServer(redis.Server.Endpoint).FlushDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        _redis.Dispose();
        await _gam.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_Administrators_entry_copied_to_a_made_up_token_does_not_make_it_a_token(bool protect)
    {
        var a = await StartInstanceAsync(protect);
        var b = await StartInstanceAsync(protect);
        var admin = _gam.IssueToken("admin");
        (await a.GetWithTokenAsync("/admin", admin)).Dispose();

        await CopyEntryAsync(admin, "made-up");
        using var response = await b.GetWithTokenAsync("/admin", "made-up");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_Administrators_entry_copied_onto_a_users_key_does_not_make_the_user_an_Administrator(bool protect)
    {
        var a = await StartInstanceAsync(protect);
        var b = await StartInstanceAsync(protect);
        var admin = _gam.IssueToken("admin");
        var demo = _gam.IssueToken("demo");
        (await a.GetWithTokenAsync("/admin", admin)).Dispose();
        (await a.GetWithTokenAsync("/me", demo)).Dispose();

        await CopyEntryAsync(admin, demo);
        using var response = await b.GetWithTokenAsync("/admin", demo);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rejection_copied_onto_a_valid_users_key_does_not_lock_the_user_out(bool protect)
    {
        var a = await StartInstanceAsync(protect);
        var b = await StartInstanceAsync(protect);
        var demo = _gam.IssueToken("demo");
        (await a.GetWithTokenAsync("/me", "rejected-by-gam")).Dispose();
        (await a.GetWithTokenAsync("/me", demo)).Dispose();

        await CopyEntryAsync("rejected-by-gam", demo);
        using var response = await b.GetWithTokenAsync("/me", demo);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_revocation_copied_onto_a_valid_users_key_does_not_sign_the_user_out(bool protect)
    {
        var a = await StartInstanceAsync(protect);
        var b = await StartInstanceAsync(protect);
        var signedOut = _gam.IssueToken("demo");
        var demo = _gam.IssueToken("demo");
        await a.TokenCache.RevokeAsync(signedOut);
        (await a.GetWithTokenAsync("/me", demo)).Dispose();

        await CopyEntryAsync(signedOut, demo);
        using var response = await b.GetWithTokenAsync("/me", demo);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_forged_Administrator_entry_is_not_believed(bool protect)
    {
        var b = await StartInstanceAsync(protect);
        var forged = GamBearerCacheSerializer.Serialize(
            GamBearerCacheEntry.Valid([new(ClaimTypes.Name, "mallory", ClaimValueTypes.String, "GamBearer", "GamBearer"), new(ClaimTypes.Role, "Administrator", ClaimValueTypes.String, "GamBearer", "GamBearer")], _clock.GetUtcNow().AddHours(1)),
            GamTokenHash.Compute("forged"));

        // Signed layout with the attacker's own key, or the plain payload where encryption is expected.
        await _redis.WritePayloadAsync(DistributedKeys.DefaultKey("forged"), protect ? forged : SignWithOwnKey(forged), TimeSpan.FromMinutes(5));
        using var response = await b.GetWithTokenAsync("/admin", "forged");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_entry_protected_with_another_key_ring_is_not_believed(bool protect)
    {
        // The attacker runs the library with its own keys against the same Redis: for encrypted entries and for the
        // signing-key record alike, what another key ring wrote does not verify here.
        var attacker = await StartInstanceAsync(protect, keys: new EphemeralDataProtectionProvider());
        var b = await StartInstanceAsync(protect);
        var admin = _gam.IssueToken("admin");
        (await attacker.GetWithTokenAsync("/admin", admin)).Dispose();
        await CopyEntryAsync(admin, "made-up");

        using var response = await b.GetWithTokenAsync("/admin", "made-up");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_entry_of_another_scheme_under_the_same_key_is_not_believed(bool protect)
    {
        var a = await StartInstanceAsync(protect, o => o.DistributedCacheKeyPrefix = "shared:", scheme: "Orders");
        var b = await StartInstanceAsync(protect, o => o.DistributedCacheKeyPrefix = "shared:", scheme: "Billing");
        var admin = _gam.IssueToken("admin");
        (await a.GetWithTokenAsync("/admin", admin)).Dispose();
        Assert.NotNull(await _redis.PayloadAsync("shared:" + Hash(admin)));

        using var response = await b.GetWithTokenAsync("/admin", admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_entry_of_another_userinfo_endpoint_under_the_same_key_is_not_believed(bool protect)
    {
        var a = await StartInstanceAsync(protect, o => o.DistributedCacheKeyPrefix = "shared:");
        var b = await StartInstanceAsync(protect, o =>
        {
            o.DistributedCacheKeyPrefix = "shared:";
            o.UserInformationEndpoint = "https://other-gam.example/gam/oauth/gam/userinfo";
        });
        var admin = _gam.IssueToken("admin");
        (await a.GetWithTokenAsync("/admin", admin)).Dispose();

        using var response = await b.GetWithTokenAsync("/admin", admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
        AssertIgnoredOnce(b);
    }

    public static TheoryData<bool, string> Damages() => new()
    {
        { true, "truncated" }, { false, "truncated" },
        { true, "one bit flipped" }, { false, "one bit flipped" },
        { true, "garbage" }, { false, "garbage" },
        { true, "empty" }, { false, "empty" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_entry_is_ignored_without_an_error(bool protect, string damage)
    {
        var a = await StartInstanceAsync(protect);
        var b = await StartInstanceAsync(protect);
        var demo = _gam.IssueToken("demo");
        (await a.GetWithTokenAsync("/me", demo)).Dispose();
        var key = DistributedKeys.DefaultKey(demo);
        var payload = (await _redis.PayloadAsync(key))!;
        var damaged = damage switch
        {
            "truncated" => payload[..^1],
            "one bit flipped" => Flip(payload, payload.Length / 2),
            "garbage" => RandomNumberGenerator.GetBytes(payload.Length),
            _ => [],
        };

        await _redis.WritePayloadAsync(key, damaged, TimeSpan.FromMinutes(5));
        using var response = await b.GetWithTokenAsync("/me", demo);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
        AssertIgnoredOnce(b);
    }

    [Theory]
    [InlineData(true, "~encryption-key")]
    [InlineData(false, "~signing-key")]
    public async Task A_planted_key_record_is_not_used(bool protect, string record)
    {
        // Entries are sealed (encrypted or signed) with a key shared through Redis; the attacker replaces that record
        // with one from another key ring. Entries they seal are still not believed.
        var a = await StartInstanceAsync(protect);
        var attacker = await StartInstanceAsync(protect, keys: new EphemeralDataProtectionProvider());
        var admin = _gam.IssueToken("admin");
        (await a.GetWithTokenAsync("/admin", admin)).Dispose();
        var recordKey = DistributedKeys.DefaultKey("x")[..^Hash("x").Length] + record;
        Assert.NotNull(await _redis.PayloadAsync(recordKey));

        // The attacker's instance cannot read the farm's record, so it writes its own over it and seals with it.
        (await attacker.GetWithTokenAsync("/admin", "made-up")).Dispose();
        await CopyEntryAsync(admin, "made-up-2");
        var b = await StartInstanceAsync(protect);
        using var response = await b.GetWithTokenAsync("/admin", "made-up-2");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Encrypted_entries_and_signed_entries_use_keys_of_their_own()
    {
        // One farm, two settings: an encrypted instance never believes a signed entry (readable, with a valid MAC) put
        // under a token's key, nor the other way round, although both keys come from the same key ring.
        var signing = await StartInstanceAsync(protect: false);
        var encrypting = await StartInstanceAsync(protect: true);
        var admin = _gam.IssueToken("admin");
        (await signing.GetWithTokenAsync("/admin", admin)).Dispose();
        Assert.NotNull(await _redis.PayloadAsync(DistributedKeys.DefaultKey("x")[..^Hash("x").Length] + "~signing-key"));
        Assert.Null(await _redis.PayloadAsync(DistributedKeys.DefaultKey("x")[..^Hash("x").Length] + "~encryption-key"));
        _gam.Emulator.RevokeToken(admin);

        using var response = await encrypting.GetWithTokenAsync("/admin", admin);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertIgnoredOnce(encrypting);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Genuine_entries_are_still_shared_by_the_farm(bool protect)
    {
        var a = await StartInstanceAsync(protect);
        var b = await StartInstanceAsync(protect);
        var admin = _gam.IssueToken("admin");

        (await a.GetWithTokenAsync("/admin", admin)).Dispose();
        using var response = await b.GetWithTokenAsync("/admin", admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
        Assert.Equal(1, b.Counter(GamMetrics.DistributedCacheHits).Total());
        Assert.Equal(0, b.Counter(GamMetrics.DistributedCacheRejected).Total());
    }

    private static void AssertIgnoredOnce(ApiTestHost instance)
    {
        Assert.Single(instance.Logs.Lines(LogLevel.Warning), l => l.Contains(Ignored, StringComparison.Ordinal));
        Assert.Equal(1, instance.Counter(GamMetrics.DistributedCacheRejected).Total());
        Assert.Empty(instance.Logs.Lines(LogLevel.Error));
    }

    private static string Hash(string token) => DistributedKeys.DefaultKey(token)[(DistributedKeys.DefaultKey(token).LastIndexOf(':') + 1)..];

    private static byte[] Flip(byte[] payload, int index)
    {
        var copy = (byte[])payload.Clone();
        copy[index] ^= 0x10;
        return copy;
    }

    /// <summary>The signed layout ('S', version, key id, payload, HMAC) under a key the attacker made up.</summary>
    private static byte[] SignWithOwnKey(byte[] payload)
    {
        var stored = new byte[10 + payload.Length + 32];
        stored[0] = (byte)'S';
        stored[1] = 1;
        BinaryPrimitives.WriteUInt64BigEndian(stored.AsSpan(2), 42);
        payload.CopyTo(stored.AsSpan(10));
        HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), stored.AsSpan(0, stored.Length - 32), stored.AsSpan(stored.Length - 32));
        return stored;
    }

    private async Task CopyEntryAsync(string fromToken, string toToken)
    {
        var payload = await _redis.PayloadAsync(DistributedKeys.DefaultKey(fromToken));
        Assert.NotNull(payload);
        await _redis.WritePayloadAsync(DistributedKeys.DefaultKey(toToken), payload, TimeSpan.FromMinutes(5));
    }

    private async Task<ApiTestHost> StartInstanceAsync(bool protect, Action<GamBearerOptions>? configure = null, IDataProtectionProvider? keys = null, string scheme = GamBearerDefaults.AuthenticationScheme)
    {
        var cache = new RedisTestCache(redis.Server.Endpoint);
        var api = await ApiTestHost.StartAsync(
            _gam,
            o =>
            {
                o.ProtectDistributedCache = protect;
                o.DistributedCacheTimeout = TimeSpan.FromSeconds(10);
                configure?.Invoke(o);
            },
            services =>
            {
                services.AddSingleton(cache.Cache);
                services.AddSingleton(keys ?? _farmKeys);
            },
            _clock,
            scheme: scheme);
        _disposables.Add(api);
        _disposables.Add(new DisposeAction(cache.Dispose));
        return api;
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
