using System.Net;
using System.Text.Json;

namespace GamAuthentication.Emulator.Tests;

/// <summary>The OpenID Connect end-session endpoint (<c>logout</c>): RP-initiated logout with checked redirects.</summary>
public sealed class OpenIdConnectEndSessionTests
{
    private static string Query(string? hint, string? redirectUri, string? state = "bye-state", string? clientId = null)
    {
        var parts = new List<string>();
        foreach (var (name, value) in new[] { ("id_token_hint", hint), ("post_logout_redirect_uri", redirectUri), ("state", state), ("client_id", clientId) })
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        return string.Join('&', parts);
    }

    [Fact]
    public async Task Logout_with_a_hint_ends_the_login_and_redirects_with_state()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 2);
        var login = await host.OidcLoginAsync();
        var other = await host.OidcLoginAsync();

        var response = await host.Client.GetAsync("/oidc/2/logout?" + Query(login.GetProperty("id_token").GetString(), GamEmulatorDefaults.PostLogoutRedirectUri));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(GamEmulatorDefaults.PostLogoutRedirectUri + "?state=bye-state", response.Headers.Location!.OriginalString);
        var accessToken = login.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.OidcUserInfoAsync("Bearer " + accessToken)).StatusCode);
        Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(await host.UserInfoAsync(accessToken), HttpStatusCode.Unauthorized));
        Assert.Equal("invalid_grant", await EmulatorHost.OAuthErrorAsync(await host.OidcRefreshAsync(login.GetProperty("refresh_token").GetString()!), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.OK, (await host.OidcUserInfoAsync("Bearer " + other.GetProperty("access_token").GetString())).StatusCode);
        Assert.Equal(1, host.Emulator.GetCallCount(GamEmulatorEndpoint.SignOut));
    }

    [Fact]
    public async Task Expired_hint_is_still_accepted()
    {
        await using var host = await EmulatorHost.StartAsync();
        var login = await host.OidcLoginAsync();
        host.Clock.Advance(TimeSpan.FromHours(2));

        var response = await host.Client.GetAsync("/oidc/2/logout?" + Query(login.GetProperty("id_token").GetString(), GamEmulatorDefaults.PostLogoutRedirectUri));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Logout_form_post_is_accepted()
    {
        await using var host = await EmulatorHost.StartAsync();
        var login = await host.OidcLoginAsync();

        var response = await host.Client.PostAsync("/oidc/2/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id_token_hint"] = login.GetProperty("id_token").GetString()!,
            ["post_logout_redirect_uri"] = GamEmulatorDefaults.HttpsPostLogoutRedirectUri,
        }));

        Assert.Equal(GamEmulatorDefaults.HttpsPostLogoutRedirectUri, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/bye", false, false)]
    [InlineData("http://localhost:5099/bye", false, false)]
    [InlineData("http://localhost:5099/bye", true, true)]
    [InlineData("https://anywhere.example/bye", false, true, true)]
    public async Task Post_logout_redirect_is_checked_like_gam_sign_out(string redirectUri, bool allowLoopback, bool redirects, bool allowAny = false)
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.AllowAnyLoopbackRedirectUri = allowLoopback;
            o.AllowAnyPostLogoutRedirectUri = allowAny;
        });
        var login = await host.OidcLoginAsync();

        var response = await host.Client.GetAsync("/oidc/2/logout?" + Query(login.GetProperty("id_token").GetString(), redirectUri));

        if (redirects)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Contains("<span id=\"error-code\">621</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await host.OidcUserInfoAsync("Bearer " + login.GetProperty("access_token").GetString())).StatusCode);
        }
    }

    [Fact]
    public async Task Forged_or_mangled_hint_is_refused()
    {
        await using var host = await EmulatorHost.StartAsync();
        host.Emulator.OpenIdConnect.SignIdTokensWithUnpublishedKey = true;
        var forged = (await host.OidcLoginAsync()).GetProperty("id_token").GetString()!;
        host.Emulator.OpenIdConnect.SignIdTokensWithUnpublishedKey = false;
        var genuine = (await host.OidcLoginAsync()).GetProperty("id_token").GetString()!;

        foreach (var hint in new[] { forged, genuine[..^4] + "AAAA", "not.a.jwt", "x" })
        {
            var response = await host.Client.GetAsync("/oidc/2/logout?" + Query(hint, GamEmulatorDefaults.PostLogoutRedirectUri));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("<span id=\"error-code\">922</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Client_id_must_be_the_audience_of_the_hint()
    {
        await using var host = await EmulatorHost.StartAsync();
        var login = await host.OidcLoginAsync();

        var response = await host.Client.GetAsync("/oidc/2/logout?" + Query(login.GetProperty("id_token").GetString(), GamEmulatorDefaults.PostLogoutRedirectUri, clientId: GamEmulatorDefaults.PublicClientId));

        Assert.Contains("<span id=\"error-code\">923</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_without_hint_needs_a_client_id()
    {
        await using var host = await EmulatorHost.StartAsync();

        var missing = await host.Client.GetAsync("/oidc/2/logout?" + Query(null, GamEmulatorDefaults.PostLogoutRedirectUri));
        var unknown = await host.Client.GetAsync("/oidc/2/logout?" + Query(null, GamEmulatorDefaults.PostLogoutRedirectUri, clientId: "nope"));
        var named = await host.Client.GetAsync("/oidc/2/logout?" + Query(null, GamEmulatorDefaults.PostLogoutRedirectUri, state: null, clientId: GamEmulatorDefaults.ClientId));

        Assert.Contains("<span id=\"error-code\">905</span>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<span id=\"error-code\">901</span>", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(GamEmulatorDefaults.PostLogoutRedirectUri, named.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Without_redirect_the_signed_out_page_is_shown()
    {
        await using var host = await EmulatorHost.StartAsync();
        var login = await host.OidcLoginAsync();

        var response = await host.Client.GetAsync("/oidc/2/logout?" + Query(login.GetProperty("id_token").GetString(), null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are signed out.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.OidcUserInfoAsync("Bearer " + login.GetProperty("access_token").GetString())).StatusCode);
    }

    [Fact]
    public async Task Hint_of_a_rotated_out_key_is_still_read()
    {
        await using var host = await EmulatorHost.StartAsync();
        var login = await host.OidcLoginAsync();
        host.Emulator.OpenIdConnect.RotateSigningKey();

        var response = await host.Client.GetAsync("/oidc/2/logout?" + Query(login.GetProperty("id_token").GetString(), GamEmulatorDefaults.PostLogoutRedirectUri));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(JsonValueKind.Object, (await EmulatorHost.JsonAsync(await host.OidcUserInfoAsync("Bearer " + login.GetProperty("access_token").GetString()), HttpStatusCode.Unauthorized)).ValueKind);
    }
}
