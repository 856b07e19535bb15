using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.StackExchangeRedis.Sessions;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>Opt-in server-side sessions: the cookie carries a session id, the tokens stay in Redis.</summary>
public sealed class ServerSideSessionTests(ITestOutputHelper output)
{
    private static readonly Action<GamRedisOptions> Sessions = o => o.ServerSideSessions = true;

    [Fact]
    public async Task The_cookie_is_much_smaller_with_server_side_sessions()
    {
        await using var farm = await Farm.StartAsync();
        var plain = await farm.MvcAsync("plain");
        var withSessions = await farm.MvcAsync("sessions", Sessions);
        var other = await farm.MvcAsync("other", Sessions);
        var inCookie = new Browser(farm);
        var inSession = new Browser(farm);

        await inCookie.SignInAsync(plain, plain);
        await inSession.SignInAsync(withSessions, withSessions);
        output.WriteLine($"sign-in cookie: {inCookie.AuthCookieLength} characters with the tokens in it, {inSession.AuthCookieLength} with a server-side session");

        Assert.True(inSession.AuthCookieLength * 4 < inCookie.AuthCookieLength, $"{inSession.AuthCookieLength} vs {inCookie.AuthCookieLength}");
        Assert.Equal("demo", await inSession.TextAsync(other, "/whoami"));
        Assert.NotNull((await inSession.TokensAsync(other)).Access);
    }

    [Fact]
    public async Task A_session_lives_in_Redis_as_long_as_its_cookie_and_names_no_token_or_user()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        var saved = await browser.TokensAsync(a);

        using var reader = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint);
        var keys = reader.GetServer(farm.Redis.Endpoint).Keys(pattern: "gam:*").Select(k => k.ToString()).ToArray();
        var session = Assert.Single(keys, k => k.StartsWith("gam:cache:session:", StringComparison.Ordinal));
        var ttl = await reader.GetDatabase().KeyTimeToLiveAsync(session);

        // The cookie handler's default ExpireTimeSpan: 14 days.
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(14));
        Assert.All(keys, k => Assert.DoesNotContain(GamEmulatorDefaults.DemoUserGuid, k, StringComparison.Ordinal));
        var stored = await reader.GetDatabase().HashGetAsync(session, "data");
        Assert.DoesNotContain(saved.Access!, System.Text.Encoding.Latin1.GetString(stored!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_refreshed_on_A_are_seen_by_B_with_the_same_cookie()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var b = await farm.MvcAsync("B", Sessions);
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        var old = await browser.TokensAsync(b);
        var cookieBeforeRefresh = browser.Clone();
        farm.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        var grants = farm.TokenGrants;

        var renewed = await browser.TextAsync(a, "/token");
        var seenOnB = await cookieBeforeRefresh.TokensAsync(b);

        Assert.NotEqual(old.Access, renewed);
        Assert.Equal(renewed, seenOnB.Access);
        Assert.NotEqual(old.Refresh, seenOnB.Refresh);
        Assert.Equal(renewed, await cookieBeforeRefresh.TextAsync(b, "/token"));
        Assert.Equal(1, farm.TokenGrants - grants);
    }

    [Fact]
    public async Task Ending_all_sessions_of_a_user_signs_them_out_on_every_instance()
    {
        await using var farm = await Farm.StartAsync();
        FarmInstance[] instances = [await farm.MvcAsync("A", Sessions), await farm.MvcAsync("B", Sessions), await farm.MvcAsync("C", Sessions)];
        var laptop = new Browser(farm);
        var phone = new Browser(farm);
        await laptop.SignInAsync(instances[0], instances[0]);
        await phone.SignInAsync(instances[1], instances[1]);
        foreach (var instance in instances)
        {
            Assert.Equal("demo", await laptop.TextAsync(instance, "/whoami"));
            Assert.Equal("demo", await phone.TextAsync(instance, "/whoami"));
        }

        var ended = await instances[2].Services.GetRequiredService<GamSessions>().EndAllAsync(GamEmulatorDefaults.DemoUserGuid);

        Assert.Equal(2, ended);
        foreach (var instance in instances)
        {
            await laptop.TextAsync(instance, "/whoami", HttpStatusCode.Unauthorized);
            await phone.TextAsync(instance, "/whoami", HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_tampered_session_or_a_stopped_Redis_is_not_authenticated_and_not_a_500()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var tampered = new Browser(farm);
        var intact = new Browser(farm);
        await tampered.SignInAsync(a, a);
        await intact.SignInAsync(a, a);
        using (var attacker = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint))
        {
            var database = attacker.GetDatabase();
            var sessions = attacker.GetServer(farm.Redis.Endpoint).Keys(pattern: "gam:cache:session:*").ToArray();
            Assert.Equal(2, sessions.Length);
            // The two entries swapped: each payload is genuine but protected for the other session id.
            var first = await database.HashGetAsync(sessions[0], "data");
            var second = await database.HashGetAsync(sessions[1], "data");
            await database.HashSetAsync(sessions[0], "data", second);
            await database.HashSetAsync(sessions[1], "data", first);
        }

        await tampered.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);
        await intact.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);
        Assert.Contains(a.Logs.Lines(), l => l.Contains("server-side session does not verify", StringComparison.Ordinal));

        var fresh = new Browser(farm);
        await fresh.SignInAsync(a, a);
        await farm.Redis.StopAsync();
        await fresh.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);
        await fresh.TextAsync(a, "/token", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_in_while_Redis_is_down_is_a_503_with_Retry_After_not_a_500_and_no_session_in_a_cookie()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var before = new Browser(farm);
        await before.SignInAsync(a, a);
        await farm.Redis.StopAsync();

        var during = new Browser(farm);
        using var callback = await during.SignInAsync(a, a, callbackStatus: HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(5), callback.Headers.RetryAfter?.Delta);
        Assert.Contains("session store cannot be reached", await callback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(callback.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal)));
        await during.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);
        Assert.Contains(a.Logs.Lines(LogLevel.Warning), l => l.Contains("a sign-in was answered 503", StringComparison.Ordinal));

        // Back: the same browser signs in.
        await farm.Redis.StartAgainAsync();
        await WaitUntilReachableAsync(a, during);
    }

    private static async Task WaitUntilReachableAsync(FarmInstance instance, Browser browser)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var callback = await browser.SignInAsync(instance, instance, callbackStatus: HttpStatusCode.Redirect).ContinueWith(t => t);
            if (callback.IsCompletedSuccessfully)
            {
                callback.Result.Dispose();
                await browser.TextAsync(instance, "/whoami");
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "no sign-in succeeded within 30 s of Redis coming back: " + callback.Exception?.GetBaseException().Message);
            await Task.Delay(50);
        }
    }
}
