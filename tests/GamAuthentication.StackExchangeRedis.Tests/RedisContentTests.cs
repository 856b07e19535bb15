using System.Text;
using GamAuthentication.Emulator;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>What an attacker who reads Redis finds after a sign-in and a refresh: no token, no user GUID, in keys or values.</summary>
public sealed class RedisContentTests
{
    [Fact]
    public async Task After_a_sign_in_and_a_refresh_no_key_or_value_in_Redis_holds_a_token_or_the_user_GUID()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", o => o.ServerSideSessions = true);
        var b = await farm.MvcAsync("B");
        var browser = new Browser(farm);
        var plain = new Browser(farm);
        await browser.SignInAsync(a, a);
        await plain.SignInAsync(b, b);
        var before = (await browser.TokensAsync(a), await plain.TokensAsync(b));
        farm.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        await browser.TextAsync(a, "/token");
        await plain.TextAsync(b, "/token");
        var after = (await browser.TokensAsync(a), await plain.TokensAsync(b));
        string[] secrets = [.. new[] { before.Item1, before.Item2, after.Item1, after.Item2 }.SelectMany(t => new[] { t.Access!, t.Refresh! }), GamEmulatorDefaults.DemoUserGuid];

        using var reader = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint);
        var database = reader.GetDatabase();
        var found = new List<string>();
        foreach (var key in reader.GetServer(farm.Redis.Endpoint).Keys(pattern: "*"))
        {
            found.Add(key.ToString());
            found.AddRange(await database.KeyTypeAsync(key) switch
            {
                RedisType.String => [Latin1(await database.StringGetAsync(key))],
                RedisType.Hash => (await database.HashGetAllAsync(key)).Select(e => e.Name + "=" + Latin1(e.Value)),
                RedisType.Set => (await database.SetMembersAsync(key)).Select(Latin1),
                RedisType.List => (await database.ListRangeAsync(key)).Select(Latin1),
                var other => [other.ToString()],
            });
        }

        Assert.Contains(found, k => k.StartsWith("gam:refresh:result:", StringComparison.Ordinal));
        Assert.Contains(found, k => k.StartsWith("gam:sessions:user:", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.All(found, f => Assert.DoesNotContain(secret, f, StringComparison.Ordinal));
        }
    }

    private static string Latin1(RedisValue value) => value.IsNull ? string.Empty : Encoding.Latin1.GetString((byte[])value!);
}
