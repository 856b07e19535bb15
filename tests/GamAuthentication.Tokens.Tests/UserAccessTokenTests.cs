using System.Net;
using System.Text.Json;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Tokens.Tests;

/// <summary>The signed-in user's token on outgoing calls: refreshed by the clock, written back, one refresh at a time.</summary>
public sealed class UserAccessTokenTests
{
    private static void Renewals(GamEmulatorOptions e, int renewals = 5, int lifetime = 3600)
    {
        e.MaxTokenRenewals = renewals;
        e.AccessTokenLifetimeSeconds = lifetime;
    }

    [Fact]
    public async Task A_valid_token_is_sent_as_bearer_without_refreshing()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);
        var before = host.TokenRequests;

        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(GamEmulatorDefaults.DemoUserGuid, await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer " + saved.Access, host.Api.PresentedAuthorization.Single());
        Assert.Equal(before, host.TokenRequests);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Past_the_refresh_margin_the_token_is_refreshed_once_and_written_back_into_the_cookie()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var old = await UserAppHost.SavedTokensAsync(jar, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));

        var response = await jar.GetAsync(client, "/call");
        var renewed = await UserAppHost.SavedTokensAsync(jar, client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(1, host.TokenRequests);
        Assert.NotEqual(old.Access, renewed.Access);
        Assert.NotEqual(old.Refresh, renewed.Refresh);
        Assert.Equal(host.Clock.GetUtcNow().AddSeconds(3600), DateTimeOffset.Parse(renewed.ExpiresAt!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Bearer " + renewed.Access, host.Api.PresentedAuthorization.Single());
        Assert.Null(old.Scope);
        Assert.Equal("gam_user_data+gam_user_roles", renewed.Scope);
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, renewed.UserGuid);

        // The new cookie is good: no further refresh.
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        Assert.Equal(1, host.TokenRequests);
    }

    [Fact]
    public async Task Before_the_refresh_margin_nothing_is_refreshed()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e), o => o.RefreshBeforeExpiry = TimeSpan.FromMinutes(5));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600 - 301));

        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        Assert.Equal(0, host.TokenRequests);

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        Assert.Equal(1, host.TokenRequests);
    }

    [Fact]
    public async Task Rotated_refresh_tokens_keep_the_session_alive_across_many_expiries()
    {
        await using var host = await UserAppHost.StartAsync(e => { Renewals(e, renewals: 10, lifetime: 30); e.RotateRefreshTokens = true; });
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);

        for (var round = 1; round <= 4; round++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(31));
            Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
            Assert.Equal(round, host.TokenRequests);
        }
    }

    [Fact]
    public async Task When_renewals_are_exhausted_the_user_is_signed_out_and_the_call_fails_with_401()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e, renewals: 1, lifetime: 60));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        host.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        Assert.Null((await UserAppHost.SavedTokensAsync(jar, client)).Refresh);
        var apiCalls = host.Api.Calls;

        host.Clock.Advance(TimeSpan.FromSeconds(61));
        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(apiCalls, host.Api.Calls);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(CookieJar.WithCookies("/tokens", jar.CookieHeader))).StatusCode);
    }

    [Fact]
    public async Task Without_a_refresh_token_an_expired_token_signs_the_user_out()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e, renewals: 0, lifetime: 60));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.TokenRequests);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(CookieJar.WithCookies("/tokens", jar.CookieHeader))).StatusCode);
    }

    [Fact]
    public async Task A_refresh_gam_refuses_signs_the_user_out()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);

        // GAM's app-level logout ends the whole login: the refresh token dies with it (911).
        using (var logout = new HttpRequestMessage(HttpMethod.Post, "/gam/oauth/logout"))
        {
            logout.Headers.TryAddWithoutValidation("Authorization", saved.Access);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(logout)).StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(3600));
        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("sign in again", (await response.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(CookieJar.WithCookies("/tokens", jar.CookieHeader))).StatusCode);
        Assert.Contains(host.Logs.Lines(), l => l.Contains("911", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fifty_parallel_requests_of_one_user_past_expiry_cause_one_refresh()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var cookie = jar.CookieHeader;
        host.Clock.Advance(TimeSpan.FromSeconds(3600));
        host.Gate.Hold();
        host.Gate.ExpectCalls(50);

        var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.SendAsync(CookieJar.WithCookies("/call", cookie)))).ToList();
        await host.Gate.Entered.Task;
        await host.Gate.CallsArrived.Task;
        host.Gate.Open();
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, host.TokenRequests);
        Assert.Single(host.Api.PresentedAuthorization.Distinct());
    }

    [Fact]
    public async Task Requests_that_arrive_later_with_the_old_cookie_reuse_the_refresh_instead_of_replaying_a_rotated_refresh_token()
    {
        await using var host = await UserAppHost.StartAsync(e => { Renewals(e); e.RotateRefreshTokens = true; });
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var oldCookie = jar.CookieHeader;
        host.Clock.Advance(TimeSpan.FromSeconds(3600));
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var late = await client.SendAsync(CookieJar.WithCookies("/call", oldCookie));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(1, host.TokenRequests);
    }

    [Fact]
    public async Task A_replayed_old_cookie_after_the_reuse_window_cannot_pick_up_the_rotated_tokens()
    {
        await using var host = await UserAppHost.StartAsync(e => { Renewals(e); e.RotateRefreshTokens = true; });
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var oldCookie = jar.CookieHeader;
        host.Clock.Advance(TimeSpan.FromSeconds(3600));
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);

        // Past the short reuse window the old cookie has to present its own, already rotated, refresh token.
        host.Clock.Advance(GamAuthentication.Tokens.GamUserTokenRefresher.ReuseWindow + TimeSpan.FromSeconds(1));
        var replayed = await client.SendAsync(CookieJar.WithCookies("/call", oldCookie));

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(2, host.TokenRequests);
    }

    [Fact]
    public async Task Fifty_parallel_calls_inside_one_request_past_expiry_cause_one_refresh()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600));

        var response = await jar.GetAsync(client, "/call-many?n=50");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statuses = JsonSerializer.Deserialize<int[]>(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(50, statuses.Length);
        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(1, host.TokenRequests);
        Assert.True(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_token_the_api_rejects_is_refreshed_once_and_the_request_retried_once()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);
        host.Emulator.RevokeToken(saved.Access);

        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, host.Api.Calls);
        Assert.Equal(1, host.TokenRequests);
        Assert.NotEqual(saved.Access, (await UserAppHost.SavedTokensAsync(jar, client)).Access);
    }

    [Fact]
    public async Task An_api_that_always_rejects_gets_one_retry_and_no_loop()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        host.Api.Override = _ => Results.Unauthorized();

        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, host.Api.Calls);
        Assert.Equal(1, host.TokenRequests);
    }

    [Fact]
    public async Task When_gam_is_unreachable_the_session_is_kept_and_the_current_token_is_used()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600 - 30));
        host.Gate.FailWith = 503;

        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + saved.Access, host.Api.PresentedAuthorization.Single());
        Assert.Equal(saved.Access, (await UserAppHost.SavedTokensAsync(jar, client)).Access);

        // GAM is back: the next call refreshes.
        host.Gate.FailWith = null;
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        Assert.NotEqual(saved.Access, (await UserAppHost.SavedTokensAsync(jar, client)).Access);
    }

    [Fact]
    public async Task Anonymous_requests_go_out_without_a_token()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();

        var response = await client.GetAsync("/call");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(host.Api.PresentedAuthorization.Single());
    }

    [Fact]
    public async Task Using_the_user_token_client_outside_a_request_fails_with_a_clear_message()
    {
        await using var host = await UserAppHost.StartAsync();
        var api = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(UserAppHost.ApiClient);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => api.GetAsync("/api/me"));

        Assert.Contains("AddGamClientAccessToken", error.Message);
    }

    [Fact]
    public async Task Refresh_logs_name_only_a_hash_of_the_refresh_token()
    {
        await using var host = await UserAppHost.StartAsync(e => Renewals(e));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var old = await UserAppHost.SavedTokensAsync(jar, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600));

        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        var renewed = await UserAppHost.SavedTokensAsync(jar, client);

        Assert.Contains(host.Logs.Lines(), l => l.Contains("refreshed the user's access token", StringComparison.Ordinal));
        foreach (var secret in new[] { old.Access, old.Refresh!, renewed.Access, renewed.Refresh!, GamEmulatorDefaults.ClientSecret })
        {
            Assert.DoesNotContain(host.Logs.Lines(), l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
