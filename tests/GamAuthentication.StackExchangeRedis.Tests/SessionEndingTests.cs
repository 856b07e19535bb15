using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.StackExchangeRedis.Sessions;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>"Sign out everywhere" is final: whatever form the GUID comes in, and whatever request is in flight.</summary>
public sealed class SessionEndingTests
{
    private static readonly Action<GamRedisOptions> Sessions = o => o.ServerSideSessions = true;

    [Theory]
    [InlineData("0C4E6B2A-8F1D-4A3B-9C5E-1D2F3A4B5C61")]
    [InlineData("0c4e6b2a8f1d4a3b9c5e1d2f3a4b5c61")]
    [InlineData("{0c4e6b2a-8f1d-4a3b-9c5e-1d2f3a4b5c61}")]
    public async Task Ending_all_sessions_finds_them_whatever_form_the_user_GUID_is_written_in(string userGuid)
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, (await browser.TokensAsync(a)).UserGuid);

        Assert.Equal(1, await a.Services.GetRequiredService<GamSessions>().EndAllAsync(userGuid));

        await browser.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_renewal_in_flight_when_all_sessions_end_does_not_bring_the_session_back()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        var store = a.Services.GetRequiredService<GamRedisTicketStore>();
        using var reader = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint);
        var key = Assert.Single(reader.GetServer(farm.Redis.Endpoint).Keys(pattern: "gam:cache:session:*")).ToString()["gam:cache:session:".Length..];
        var ticket = await store.RetrieveAsync(key);
        Assert.NotNull(ticket);
        Assert.Equal(32, Convert.FromBase64String(key.Replace('-', '+').Replace('_', '/') + "=").Length);

        // A request read the session, then "sign out everywhere" ran, then that request writes its refreshed ticket.
        Assert.Equal(1, await a.Services.GetRequiredService<GamSessions>().EndAllAsync(GamEmulatorDefaults.DemoUserGuid));
        await store.RenewAsync(key, ticket);

        Assert.Null(await store.RetrieveAsync(key));
        await browser.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task After_all_sessions_ended_the_same_browser_signs_in_again_under_a_new_session_id()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        var ended = browser.Clone();
        await a.Services.GetRequiredService<GamSessions>().EndAllAsync(GamEmulatorDefaults.DemoUserGuid);
        await browser.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);

        await browser.SignInAsync(a, a);

        Assert.Equal("demo", await browser.TextAsync(a, "/whoami"));
        await ended.TextAsync(a, "/whoami", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_in_with_a_planted_session_cookie_does_not_hand_the_new_sign_in_to_whoever_holds_a_copy_of_it()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A", Sessions);
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);

        // The attacker's own live session cookie, planted in the victim's browser; the victim then signs in.
        var attackersCopy = browser.Clone();
        var attackers = await attackersCopy.TokensAsync(a);
        await browser.SignInAsync(a, a);

        var victims = await browser.TokensAsync(a);
        Assert.NotEqual(attackers.Access, victims.Access);
        Assert.NotEqual(victims.Access, (await attackersCopy.TokensAsync(a)).Access);
    }
}
