using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tokens.Tests;

/// <summary>GAM sign-out: local sign-out, a round trip through /oauth/gam/signout with a checked state, the token ended.</summary>
public sealed class SignOutTests
{
    [Fact]
    public async Task Sign_out_redirects_to_gam_with_client_id_redirect_uri_token_and_state_and_clears_the_cookie()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);

        var response = await jar.GetAsync(client, "/signout?returnUrl=/bye");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(TokensHost.Authority + "/oauth/gam/signout", location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(GamEmulatorDefaults.ClientId, query["client_id"]);
        Assert.Equal("http://localhost/signout-callback-gam", query["redirect_uri"]);
        Assert.Equal(saved.Access, query["token"]);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(CookieJar.WithCookies("/tokens", jar.CookieHeader))).StatusCode);
    }

    [Fact]
    public async Task Registered_sign_out_listeners_learn_who_signs_out_with_which_token_and_one_that_fails_stops_nothing()
    {
        var heard = new ConcurrentQueue<(string Scheme, string? User, string? Token)>();
        await using var host = await UserAppHost.StartAsync(services: s =>
        {
            s.TryAddEnumerable(ServiceDescriptor.Singleton<IGamSignOutListener, FailingListener>());
            s.AddSingleton<IGamSignOutListener>(new RecordingListener(heard));
        });
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);

        var response = await jar.GetAsync(client, "/signout?returnUrl=/bye");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(TokensHost.Authority + "/oauth/gam/signout", response.Headers.Location!.GetLeftPart(UriPartial.Path));
        var (scheme, user, token) = Assert.Single(heard);
        Assert.Equal(GamDefaults.AuthenticationScheme, scheme);
        Assert.Equal("demo", user);
        Assert.Equal(saved.Access, token);
        Assert.Contains(host.Logs.Lines(LogLevel.Error), l => l.Contains("FailingListener failed", StringComparison.Ordinal));
    }

    private sealed class RecordingListener(ConcurrentQueue<(string, string?, string?)> heard) : IGamSignOutListener
    {
        public Task SigningOutAsync(GamSignOutContext context)
        {
            heard.Enqueue((context.Scheme, context.User?.FindFirstValue(ClaimTypes.Name), context.AccessToken));
            return Task.CompletedTask;
        }
    }

    private sealed class FailingListener : IGamSignOutListener
    {
        public Task SigningOutAsync(GamSignOutContext context) => throw new InvalidOperationException("listener bug");
    }

    [Fact]
    public async Task The_round_trip_through_gam_ends_the_token_and_lands_on_the_signed_out_page()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);

        var toGam = await jar.GetAsync(client, "/signout?returnUrl=/bye");
        var back = await jar.GetAsync(client, toGam.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("http://localhost/signout-callback-gam?state=", back.Headers.Location!.OriginalString);
        var final = await jar.GetAsync(client, back.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, final.StatusCode);
        Assert.Equal("/bye", final.Headers.Location!.OriginalString);
        Assert.Equal(1, host.Emulator.GetCallCount(GamEmulatorEndpoint.SignOut));
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/gam/oauth/gam/userinfo");
        userInfo.Headers.TryAddWithoutValidation("Authorization", saved.Access);
        var rejected = await client.SendAsync(userInfo);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains("\"114\"", await rejected.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_out_of_the_cookie_scheme_first_still_sends_the_token_to_gam()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);

        var response = await jar.GetAsync(client, "/signout-both");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(saved.Access, QueryHelpers.ParseQuery(response.Headers.Location!.Query)["token"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(CookieJar.WithCookies("/tokens", jar.CookieHeader))).StatusCode);
    }

    [Fact]
    public async Task Without_a_return_url_the_configured_signed_out_page_is_used()
    {
        await using var host = await UserAppHost.StartAsync(gam: o => o.SignedOutRedirectUri = "/goodbye");
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);

        var toGam = await jar.GetAsync(client, "/signout");
        var back = await jar.GetAsync(client, toGam.Headers.Location!.PathAndQuery);
        var final = await jar.GetAsync(client, back.Headers.Location!.PathAndQuery);

        Assert.Equal("/goodbye", final.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_paths_bind_from_configuration()
    {
        await using var host = await UserAppHost.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Gam:SignedOutCallbackPath"] = "/gam-signed-out",
            ["Authentication:Schemes:Gam:SignedOutRedirectUri"] = "/see-you",
        });
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);

        var toGam = await jar.GetAsync(client, "/signout");
        Assert.Equal("http://localhost/gam-signed-out", QueryHelpers.ParseQuery(toGam.Headers.Location!.Query)["redirect_uri"]);
        var back = await jar.GetAsync(client, toGam.Headers.Location!.PathAndQuery);
        var final = await jar.GetAsync(client, back.Headers.Location!.PathAndQuery);

        Assert.Equal("/see-you", final.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/signout-callback-gam")]
    [InlineData("/signout-callback-gam?state=")]
    [InlineData("/signout-callback-gam?state=not-a-protected-state")]
    public async Task A_missing_or_tampered_state_is_rejected(string callback)
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();

        var response = await client.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_modified_state_is_rejected()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var state = QueryHelpers.ParseQuery((await jar.GetAsync(client, "/signout")).Headers.Location!.Query)["state"].ToString();
        var tampered = state[..^2] + (state[^2] == 'A' ? 'B' : 'A') + state[^1];

        var response = await client.GetAsync("/signout-callback-gam?state=" + Uri.EscapeDataString(tampered));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_state_is_not_accepted_as_a_sign_out_state()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var challenge = await client.GetAsync("/challenge");
        var signInState = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query)["state"].ToString();

        var response = await client.GetAsync("/signout-callback-gam?state=" + Uri.EscapeDataString(signInState));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_sign_out_state_is_rejected()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var toGam = await jar.GetAsync(client, "/signout");
        var back = await jar.GetAsync(client, toGam.Headers.Location!.PathAndQuery);
        host.Clock.Advance(TimeSpan.FromMinutes(16));

        var response = await client.GetAsync(back.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_saved_token_the_user_is_signed_out_locally_and_gam_is_skipped()
    {
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client, noTokens: true);

        var response = await jar.GetAsync(client, "/signout?returnUrl=/bye");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/bye", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(CookieJar.WithCookies("/tokens", jar.CookieHeader))).StatusCode);
    }

    [Fact]
    public async Task Sign_out_after_a_refresh_in_the_same_request_sends_the_new_token_to_gam()
    {
        await using var host = await UserAppHost.StartAsync(e => e.MaxTokenRenewals = 3);
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600));
        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        var renewed = await UserAppHost.SavedTokensAsync(jar, client);

        var toGam = await jar.GetAsync(client, "/signout");

        Assert.Equal(renewed.Access, QueryHelpers.ParseQuery(toGam.Headers.Location!.Query)["token"]);
    }
}
