using System.Net;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using GamAuthentication.Testing;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>A Redis that answers too slowly: the warning says so without the key of the command (a session id).</summary>
public sealed class RedisErrorLogTests
{
    [Fact]
    public async Task A_Redis_timeout_is_logged_without_the_session_id_and_the_request_is_not_authenticated()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", o =>
        {
            o.ServerSideSessions = true;
            o.ConnectionString += ",asyncTimeout=200,syncTimeout=200";
        });
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        using var admin = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint);
        var session = Assert.Single(admin.GetServer(farm.Redis.Endpoint).Keys(pattern: "gam:cache:session:*")).ToString()["gam:cache:session:".Length..];

        // Every client of this Redis waits 3 s for an answer: the instance's 200 ms timeout fires first.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");
        await browser.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);

        var lines = a.Logs.Lines();
        Assert.Contains(lines, l => l.Contains("Redis cannot be reached", StringComparison.Ordinal) && l.Contains("Timeout", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain(session, l, StringComparison.Ordinal));
    }
}
