using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.StackExchangeRedis.Connection;
using GamAuthentication.StackExchangeRedis.Revocations;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>A revocation or a GAM sign-out on one instance reaches every instance's in-memory cache over Redis pub/sub.</summary>
public sealed class RevocationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_token_revoked_on_API_instance_X_is_refused_by_instance_Y()
    {
        await using var farm = await Farm.StartAsync();
        var x = await farm.ApiAsync("X");
        var y = await farm.ApiAsync("Y");
        var token = farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await x.CallAsync(token)).StatusCode);

        await x.TokenCache.RevokeAsync(token);
        var took = await Eventually.HoldsAsync(async () => (await y.CallAsync(token)).StatusCode == HttpStatusCode.Unauthorized, Deadline, "Y refusing the revoked token");
        output.WriteLine($"instance Y refused the token {took.TotalMilliseconds:0.0} ms after X revoked it");

        Assert.Equal(HttpStatusCode.Unauthorized, (await x.CallAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Without_the_revocation_channel_Y_keeps_accepting_a_token_X_revoked()
    {
        await using var farm = await Farm.StartAsync();
        var x = await farm.ApiAsync("X", redis: o => o.Revocations = false);
        var y = await farm.ApiAsync("Y", redis: o => o.Revocations = false);
        var token = farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(token)).StatusCode);

        await x.TokenCache.RevokeAsync(token);

        // The control: Y answers from its in-memory cache until CacheDuration ends.
        Assert.Equal(HttpStatusCode.Unauthorized, (await x.CallAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_GAM_sign_out_on_MVC_A_makes_the_API_instances_refuse_that_token_whatever_their_scheme_name()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A");
        var x = await farm.ApiAsync("X", scheme: "Orders");
        var y = await farm.ApiAsync("Y", scheme: "Billing");
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        var token = (await browser.TokensAsync(a)).Access!;
        Assert.Equal(HttpStatusCode.OK, (await x.CallAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(token)).StatusCode);

        using var signOut = await browser.GetAsync(a, "/signout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        foreach (var api in (FarmInstance[])[x, y])
        {
            var took = await Eventually.HoldsAsync(async () => (await api.CallAsync(token)).StatusCode == HttpStatusCode.Unauthorized, Deadline, $"{api.Name} refusing the signed-out token");
            output.WriteLine($"API {api.Name} refused the token {took.TotalMilliseconds:0.0} ms after the sign-out on A");
        }
    }

    [Fact]
    public async Task A_forged_or_unverifiable_message_on_the_channel_is_dropped_and_logged()
    {
        await using var farm = await Farm.StartAsync();
        var x = await farm.ApiAsync("X");
        var y = await farm.ApiAsync("Y");
        var victim = farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        var marker = farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(victim)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(marker)).StatusCode);

        // An attacker with write access to Redis, but not to the key ring, publishes revocations of the victim's token.
        var forged = new GamRevocationMessage("attacker", GamRevocationKind.SignedOut, "Api", GamRedisConnection.Hash(victim), null).Write();
        var foreignKeys = new EphemeralDataProtectionProvider().CreateProtector("GamAuthentication.StackExchangeRedis.Revocations.v1");
        using (var attacker = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint))
        {
            var channel = RedisChannel.Literal("gam:revocations");
            await attacker.GetSubscriber().PublishAsync(channel, forged);
            await attacker.GetSubscriber().PublishAsync(channel, foreignKeys.Protect(forged));
            await attacker.GetSubscriber().PublishAsync(channel, "not even bytes of a message");
        }

        // A genuine message published after them: once Y applied it, Y has handled the forged ones (one subscriber, in order).
        await x.TokenCache.RevokeAsync(marker);
        await Eventually.HoldsAsync(async () => (await y.CallAsync(marker)).StatusCode == HttpStatusCode.Unauthorized, Deadline, "Y applying the genuine revocation");

        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(victim)).StatusCode);
        Assert.Equal(3, y.Logs.Lines().Count(l => l.Contains("dropped a revocation message that does not verify", StringComparison.Ordinal)));
    }
}
