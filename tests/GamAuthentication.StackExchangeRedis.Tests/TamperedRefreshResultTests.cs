using System.Net;
using GamAuthentication.StackExchangeRedis.Connection;
using GamAuthentication.StackExchangeRedis.Refresh;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using GamAuthentication.Testing;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>
/// An attacker with write access to Redis (not to the key ring) plants a "shared refresh result" for a user's refresh
/// token: the instance does not believe it and refreshes at GAM itself.
/// </summary>
public sealed class TamperedRefreshResultTests
{
    public static TheoryData<string> Plants => ["garbage", "foreign-keys", "moved-from-another-token"];

    [Theory]
    [MemberData(nameof(Plants))]
    public async Task A_planted_refresh_result_is_ignored_and_the_instance_refreshes_at_GAM(string plant)
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A");
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        var saved = await browser.TokensAsync(a);
        var attackersToken = new GamToken("attackers-access-token", "Bearer", farm.Clock.GetUtcNow().AddHours(1), "attackers-refresh-token", ["gam_user_data"], "attacker");
        var payload = plant switch
        {
            "garbage" => "not a protected payload"u8.ToArray(),
            "foreign-keys" => new EphemeralDataProtectionProvider()
                .CreateProtector("GamAuthentication.StackExchangeRedis.RefreshResult.v1", "Gam", GamRedisConnection.Hash(saved.Refresh!))
                .Protect(GamRefreshResultFormat.Write(attackersToken)),

            // A genuine payload of this farm, but protected for another refresh token's key.
            _ => a.Services.GetRequiredService<IDataProtectionProvider>()
                .CreateProtector("GamAuthentication.StackExchangeRedis.RefreshResult.v1", "Gam", GamRedisConnection.Hash("another-refresh-token"))
                .Protect(GamRefreshResultFormat.Write(attackersToken)),
        };
        using (var attacker = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint))
        {
            await attacker.GetDatabase().StringSetAsync("gam:refresh:result:Gam:" + GamRedisConnection.Hash(saved.Refresh!), payload, TimeSpan.FromMinutes(1));
        }

        farm.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        var grants = farm.TokenGrants;
        var token = await browser.TextAsync(a, "/token");

        Assert.NotEqual("attackers-access-token", token);
        Assert.NotEqual(saved.Access, token);
        Assert.Equal(1, farm.TokenGrants - grants);
        Assert.Contains(a.Logs.Lines(), l => l.Contains("does not verify", StringComparison.Ordinal));
    }
}
