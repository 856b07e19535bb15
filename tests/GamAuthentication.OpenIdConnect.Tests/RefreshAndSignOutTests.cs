using System.Net;
using System.Text.Json;
using GamAuthentication.Emulator;
using GamAuthentication.OpenIdConnect.Tests.Infrastructure;
using GamAuthentication.Testing;
using GamAuthentication.Tokens;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>Refresh at the discovered token endpoint, and sign-out at the discovered end-session endpoint with the id_token as hint.</summary>
public sealed class RefreshAndSignOutTests
{
    [Fact]
    public async Task A_signed_in_users_token_is_refreshed_at_the_discovered_token_endpoint()
    {
        await using var host = await OidcHost.StartAsync(o => o.Emulator = e => e.AccessTokenLifetimeSeconds = 600);
        using var browser = host.CreateBrowser();
        using (await OidcHost.SignInAsync(browser))
        {
        }

        var before = (await OidcHost.GetClaimsAsync(browser))!.Tokens;
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        using var response = await browser.GetAsync("/user-token");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("Success", json.RootElement.GetProperty("status").ToString());
        Assert.True(json.RootElement.GetProperty("isRefreshed").GetBoolean());
        var renewed = json.RootElement.GetProperty("accessToken").GetString();
        Assert.NotEqual(before[GamTokenNames.AccessToken], renewed);
        var refresh = Assert.Single(host.Backchannel.Requests, r => r.Uri.AbsolutePath == "/oidc/2/token" && r.Form.GetValueOrDefault("grant_type") == "refresh_token");
        Assert.Equal(before[GamTokenNames.RefreshToken], refresh.Form["refresh_token"]);

        // The refresh answered a new id_token: it is kept for the sign-out's hint.
        var after = (await OidcHost.GetClaimsAsync(browser))!.Tokens;
        Assert.NotEqual(before[GamTokenNames.IdToken], after[GamTokenNames.IdToken]);
    }

    [Fact]
    public async Task Refreshed_tokens_whose_id_token_is_not_valid_are_not_stored()
    {
        await using var host = await OidcHost.StartAsync(o => o.Emulator = e => e.AccessTokenLifetimeSeconds = 600);
        using var browser = host.CreateBrowser();
        using (await OidcHost.SignInAsync(browser))
        {
        }

        var before = (await OidcHost.GetClaimsAsync(browser))!.Tokens;
        host.Provider.IdTokenTransform = payload =>
        {
            payload["aud"] = "another-client";
            return payload;
        };
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        using var response = await browser.GetAsync("/user-token");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Not the user's fault: the session goes on with the current token, which is not replaced.
        Assert.False(json.RootElement.GetProperty("isRefreshed").GetBoolean());
        Assert.Equal(before[GamTokenNames.AccessToken], json.RootElement.GetProperty("accessToken").GetString());
        Assert.Equal(before[GamTokenNames.IdToken], (await OidcHost.GetClaimsAsync(browser))!.Tokens[GamTokenNames.IdToken]);
        Assert.Contains(host.Logs.Lines(), l => l.Contains("the id_token of the refreshed tokens is not valid: its audience (aud)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_goes_to_the_discovered_end_session_endpoint_with_the_id_token_as_hint_and_comes_back()
    {
        await using var host = await OidcHost.StartAsync();
        using var browser = host.CreateBrowser();
        using (await OidcHost.SignInAsync(browser))
        {
        }

        var tokens = (await OidcHost.GetClaimsAsync(browser))!.Tokens;
        using var signOut = await browser.GetAsync("/signout");

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        var endSession = browser.Location(signOut);
        Assert.Equal(OidcHost.Authority + "/logout", endSession.GetLeftPart(UriPartial.Path));
        var query = TestBrowser.Query(endSession);
        Assert.Equal(tokens[GamTokenNames.IdToken], query["id_token_hint"]);
        Assert.Equal(GamEmulatorDefaults.ClientId, query["client_id"]);
        Assert.Equal("https://localhost/signout-callback-gam", query["post_logout_redirect_uri"]);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(query.ContainsKey("token"), "the access token is never sent to an OpenID Connect end-session endpoint");

        using var final = await browser.FollowRedirectsAsync(await browser.GetAsync(endSession));
        Assert.Equal("/signed-out", final.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Null(await OidcHost.GetClaimsAsync(browser));

        // The provider ended the login: its access token no longer works on the API.
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await BearerTests.GetMeAsync(client, tokens[GamTokenNames.AccessToken])).Status);
    }

    [Fact]
    public async Task Without_an_end_session_endpoint_sign_out_is_local()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.Respond = (request, ct) => request.Uri.AbsolutePath.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal)
            ? WithoutEndSessionAsync(host, ct)
            : null;
        using var browser = host.CreateBrowser();
        using (await OidcHost.SignInAsync(browser))
        {
        }

        using var signOut = await browser.GetAsync("/signout");

        Assert.Equal("/signed-out", browser.Location(signOut).AbsolutePath);
        Assert.Null(await OidcHost.GetClaimsAsync(browser));
    }

    [Fact]
    public async Task The_token_client_finds_the_token_endpoint_by_discovery()
    {
        await using var host = await OidcHost.StartAsync();
        using var browser = host.CreateBrowser();
        using (await OidcHost.SignInAsync(browser))
        {
        }

        var refreshToken = (await OidcHost.GetClaimsAsync(browser))!.Tokens[GamTokenNames.RefreshToken];
        var client = host.TokenClient();
        Assert.Null(client.TokenEndpoint);

        var result = await client.RefreshTokenAsync(refreshToken);

        Assert.Equal(GamTokenResultStatus.Success, result.Status);
        Assert.Equal(new Uri(OidcHost.Authority + "/token"), client.TokenEndpoint);
        Assert.NotNull(result.Token!.IdToken);
    }

    private static async Task<HttpResponseMessage> WithoutEndSessionAsync(OidcHost host, CancellationToken cancellationToken)
    {
        using var client = host.CreateClient();
        var document = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync(OidcHost.MetadataAddress, cancellationToken))!.AsObject();
        Assert.True(document.Remove("end_session_endpoint"));
        return RecordingHttpHandler.Json(HttpStatusCode.OK, document.ToJsonString());
    }
}
