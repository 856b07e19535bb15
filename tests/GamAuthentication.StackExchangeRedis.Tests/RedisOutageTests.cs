using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using GamAuthentication.Testing;
using Xunit.Abstractions;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>
/// Redis stops mid-run: every instance goes on by itself (no 500, nobody authenticated who should not be), says so once,
/// and is a farm again when Redis is back.
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_stopped_and_restarted_gives_no_500_no_wrongful_authentication_and_farm_behaviour_again()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A");
        var b = await farm.MvcAsync("B");
        var x = await farm.ApiAsync("X");
        var y = await farm.ApiAsync("Y");
        var browser = new Browser(farm);
        await browser.SignInAsync(a, b);
        var token = farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(token)).StatusCode);

        await farm.Redis.StopAsync();

        // Signed in still (the key ring is in memory), a refresh made here alone, APIs answering from GAM.
        farm.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("demo", await browser.TextAsync(b, "/whoami"));
            await browser.TextAsync(a, "/token");
            Assert.Equal(HttpStatusCode.OK, (await x.CallAsync(token)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await x.CallAsync("not-a-token-" + i)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await y.CallAsync(farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken + "x")).StatusCode);
        }

        // A revocation still holds where it was made.
        await x.TokenCache.RevokeAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await x.CallAsync(token)).StatusCode);

        // Said once per instance, not per request.
        foreach (var instance in (FarmInstance[])[a, x])
        {
            var said = instance.Logs.Lines().Count(l => l.Contains("Redis cannot be reached", StringComparison.Ordinal));
            output.WriteLine($"{instance.Name}: 'Redis cannot be reached' logged {said} time(s); warnings of every component while Redis was down: {instance.Logs.Lines(Microsoft.Extensions.Logging.LogLevel.Warning).Count}");
            Assert.Equal(1, said);
        }

        await farm.Redis.StartAgainAsync();

        // Farm again: a revocation on X reaches Y (once the connections are back and Y has resubscribed).
        var again = farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(again)).StatusCode);
        var took = await Eventually.HoldsAsync(async () =>
        {
            await x.TokenCache.RevokeAsync(again);
            return (await y.CallAsync(again)).StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(30), "a revocation on X reaching Y after Redis restarted");
        output.WriteLine($"farm behaviour back {took.TotalMilliseconds:0} ms after Redis restarted");
        Assert.Contains(x.Logs.Lines(), l => l.Contains("Redis is reachable again", StringComparison.Ordinal));
        Assert.Equal("demo", await browser.TextAsync(a, "/whoami"));
    }

    [Fact]
    public async Task Instances_that_start_while_Redis_is_down_serve_alone_and_join_the_farm_when_it_comes_up()
    {
        await using var farm = await Farm.StartAsync();
        await farm.Redis.StopAsync();
        var x = await farm.ApiAsync("X");
        var y = await farm.ApiAsync("Y");
        var token = farm.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await y.CallAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await y.CallAsync(token + "x")).StatusCode);

        await farm.Redis.StartAgainAsync();

        var took = await Eventually.HoldsAsync(async () =>
        {
            await x.TokenCache.RevokeAsync(token);
            return (await y.CallAsync(token)).StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(30), "a revocation on X reaching Y once Redis came up");
        output.WriteLine($"joined the farm {took.TotalMilliseconds:0} ms after Redis came up");
    }
}
