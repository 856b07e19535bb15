using System.Net;

namespace GamAuthentication.Emulator.Tests;

public sealed class SignOutTests
{
    private static string SignOutQuery(string token, string redirectUri = "http://localhost:5080/signed-out", string state = "st 1", string clientId = GamEmulatorDefaults.ClientId) =>
        $"client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&token={Uri.EscapeDataString(token)}&state={Uri.EscapeDataString(state)}";

    [Fact]
    public async Task Signout_ends_token_and_redirects_with_state()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 3);
        var login = await host.LoginAsync();
        var token = login.GetProperty("access_token").GetString()!;

        var response = await host.Client.GetAsync(host.Url("oauth/gam/signout?" + SignOutQuery(token)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost:5080/signed-out?state=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("st 1", EmulatorHost.QueryValue(response.Headers.Location!, "state"));
        Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(await host.UserInfoAsync(token), HttpStatusCode.Unauthorized));
        Assert.Equal("911", await EmulatorHost.ErrorCodeAsync(await host.RefreshAsync(login.GetProperty("refresh_token").GetString()!), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Older_oauth_signout_form_is_supported()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("demo").AccessToken;

        var response = await host.Client.GetAsync(host.Url(
            "oauth/gam/signout?oauth=signout&" + SignOutQuery(token) + $"&client_secret={GamEmulatorDefaults.ClientSecret}&server_ip=1&first_call=1&repository={GamEmulatorDefaults.RepositoryGuid}"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.UserInfoAsync(token)).StatusCode);
    }

    [Theory]
    [InlineData("https://app.example/bye", HttpStatusCode.Redirect)]
    [InlineData("https://app.example/bye/", HttpStatusCode.BadRequest)]
    [InlineData("https://other.example/bye", HttpStatusCode.BadRequest)]
    public async Task Signout_redirect_must_be_a_listed_post_logout_url_when_the_list_is_not_empty(string redirectUri, HttpStatusCode expected)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient
        {
            ClientId = "slo",
            ClientSecret = "s",
            PostLogoutRedirectUris = ["https://app.example/bye"],
        }));
        var token = host.Emulator.IssueToken("demo", clientId: "slo").AccessToken;

        var response = await host.Client.GetAsync(host.Url("oauth/gam/signout?" + SignOutQuery(token, redirectUri, clientId: "slo")));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Null(response.Headers.Location);
            Assert.Contains("621", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await host.UserInfoAsync(token)).StatusCode);
        }
    }

    [Theory]
    // The demo client lists the samples' sign-out callbacks.
    [InlineData("sample-client", "http://localhost:5080/signout-callback-gam", false, false, true)]
    [InlineData("sample-client", "https://localhost:5081/signout-callback-gam", false, false, true)]
    [InlineData("sample-client", "https://evil.example/phish", true, false, false)]
    [InlineData("sample-client", "https://evil.example/phish", true, true, true)]
    // A client with no post-logout URLs: nothing but loopback (when allowed) unless any URL is allowed.
    [InlineData("none-listed", "https://evil.example/phish", true, false, false)]
    [InlineData("none-listed", "http://localhost:5099/bye", true, false, true)]
    [InlineData("none-listed", "http://127.0.0.1:5099/bye", true, false, true)]
    [InlineData("none-listed", "http://localhost:5099/bye", false, false, false)]
    [InlineData("none-listed", "https://anywhere.example/bye", false, true, true)]
    // Never a non-http(s) or relative target, whatever the options.
    [InlineData("none-listed", "javascript:alert(1)", true, true, false)]
    [InlineData("none-listed", "/relative", true, true, false)]
    [InlineData("none-listed", "http://localhost:5099/bye#frag", true, true, false)]
    public async Task Signout_redirects_only_to_registered_or_allowed_urls(string clientId, string redirectUri, bool allowLoopback, bool allowAny, bool redirects)
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.AllowAnyLoopbackRedirectUri = allowLoopback;
            o.AllowAnyPostLogoutRedirectUri = allowAny;
            o.Clients.AddRange(GamEmulatorDefaults.CreateClients());
            o.Clients.Add(new GamEmulatorClient { ClientId = "none-listed", ClientSecret = "s" });
        });
        var token = host.Emulator.IssueToken("demo", clientId: clientId).AccessToken;

        var response = await host.Client.GetAsync(host.Url("oauth/gam/signout?" + SignOutQuery(token, redirectUri, clientId: clientId)));

        if (redirects)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(redirectUri + "?state=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(await host.UserInfoAsync(token), HttpStatusCode.Unauthorized));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<span id=\"error-code\">621</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await host.UserInfoAsync(token)).StatusCode);
        }
    }

    [Fact]
    public async Task Signout_with_unknown_client_is_an_error_page()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.Client.GetAsync(host.Url("oauth/gam/signout?" + SignOutQuery("t", clientId: "nope")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("901", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signout_without_state_redirects_to_the_plain_uri()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.Client.GetAsync(host.Url("oauth/gam/signout?" + SignOutQuery("t", state: string.Empty)));

        Assert.Equal("http://localhost:5080/signed-out", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_ends_token_and_answers_code_200()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("demo").AccessToken;
        var request = new HttpRequestMessage(HttpMethod.Post, host.Url("oauth/logout"));
        request.Headers.TryAddWithoutValidation("Authorization", "OAuth " + token);

        var response = await host.Client.SendAsync(request);

        Assert.Equal("{\"code\":\"200\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(await host.UserInfoAsync(token), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Logout_without_token_answers_401_code_0()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.Client.GetAsync(host.Url("oauth/logout"));

        Assert.Equal("0", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }
}
