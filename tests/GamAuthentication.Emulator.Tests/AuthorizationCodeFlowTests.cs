using System.Net;

namespace GamAuthentication.Emulator.Tests;

public sealed class AuthorizationCodeFlowTests
{
    [Fact]
    public async Task Signin_page_is_an_html_form_that_lists_the_demo_data()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery());
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>GeneXus Access Manager (emulator)</title>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"username\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"password\"", html, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", html, StringComparison.Ordinal);
        Assert.Contains("<code>demo</code> / password <code>demo</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>admin</code> / password <code>admin</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>sample-client</code> / secret <code>sample-secret</code>", html, StringComparison.Ordinal);
        Assert.Equal("state-123", EmulatorHost.HiddenFields(html)["state"]);
    }

    [Fact]
    public async Task Signin_accepts_oauth_auth_instead_of_response_type()
    {
        await using var host = await EmulatorHost.StartAsync();

        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(responseType: "oauth=auth"));

        Assert.Equal(HttpStatusCode.OK, (await host.ExchangeCodeAsync(code)).StatusCode);
    }

    [Theory]
    [InlineData("response_type=token")]
    [InlineData("oauth=other")]
    public async Task Signin_without_code_response_type_is_an_error_page(string responseType)
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery(responseType: responseType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("904", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_client_gets_an_error_page_and_no_redirect()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery(clientId: "nope"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("901", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_redirect_uri_gets_error_905_naming_it_and_no_redirect()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery(redirectUri: string.Empty));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("905", page, StringComparison.Ordinal);
        Assert.Contains("redirect_uri", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/cb")]
    [InlineData("http://localhost:5080/signin-gam/")]
    public async Task Unregistered_redirect_uri_gets_an_error_page_and_no_redirect(string redirectUri)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.AllowAnyLoopbackRedirectUri = false);

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery(redirectUri: redirectUri));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("903", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:49152/signin-gam", true, true)]
    [InlineData("https://127.0.0.1:6001/cb", true, true)]
    [InlineData("http://[::1]:7000/cb", true, true)]
    [InlineData("http://localhost:49152/signin-gam", false, false)]
    [InlineData("http://example.com:49152/signin-gam", true, false)]
    [InlineData("http://localhost:49152/cb#fragment", true, false)]
    public async Task Loopback_redirect_uris_on_any_port_are_accepted_only_when_allowed(string redirectUri, bool allowLoopback, bool accepted)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.AllowAnyLoopbackRedirectUri = allowLoopback);

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery(redirectUri: redirectUri));

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Missing_state_is_an_error_page()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery(state: string.Empty));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("state", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echoed_values_are_html_encoded()
    {
        await using var host = await EmulatorHost.StartAsync();
        const string Evil = "\"><script>alert(1)</script>";

        var page = await (await host.GetSignInAsync(EmulatorHost.SignInQuery(state: Evil, scope: Evil))).Content.ReadAsStringAsync();
        var wrong = await host.SubmitSignInAsync(EmulatorHost.SignInQuery(state: "s"), Evil, "bad");
        var wrongHtml = await wrong.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Equal(Evil, EmulatorHost.HiddenFields(page)["state"]);
        Assert.DoesNotContain("<script>", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", wrongHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_renders_the_form_again_with_an_error_and_no_code()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.SubmitSignInAsync(EmulatorHost.SignInQuery(), "demo", "wrong");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("Invalid user name or password.", html, StringComparison.Ordinal);
        Assert.Contains("name=\"password\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5080/signin-gam", "http://localhost:5080/signin-gam?state=")]
    [InlineData("http://localhost:5090/cb?tenant=a", "http://localhost:5090/cb?tenant=a&state=")]
    public async Task Successful_signin_redirects_with_code_and_the_exact_state(string redirectUri, string expectedStart)
    {
        await using var host = await EmulatorHost.StartAsync();
        const string State = "a b+c/=&é";

        var response = await host.SubmitSignInAsync(EmulatorHost.SignInQuery(redirectUri: redirectUri, state: State), "demo", "demo");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(expectedStart, location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(State, EmulatorHost.QueryValue(location, "state"));
        Assert.Matches("^[0-9a-f]{70}$", EmulatorHost.QueryValue(location, "code"));
    }

    [Fact]
    public async Task Code_exchange_returns_the_gam_token_response()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var json = await EmulatorHost.JsonAsync(await host.ExchangeCodeAsync(code), HttpStatusCode.OK);

        Assert.Equal(
            ["access_token", "token_type", "expires_in", "refresh_token", "scope", "user_guid"],
            json.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Matches("^" + GamEmulatorDefaults.RepositoryGuid + "![0-9a-f]{64,}$", json.GetProperty("access_token").GetString());
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt32());
        Assert.Equal(string.Empty, json.GetProperty("refresh_token").GetString());
        Assert.Equal("gam_user_data+gam_user_roles", json.GetProperty("scope").GetString());
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, json.GetProperty("user_guid").GetString());
    }

    [Fact]
    public async Task Authorization_code_is_single_use()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var first = await host.ExchangeCodeAsync(code);
        var replay = await host.ExchangeCodeAsync(code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("906", await EmulatorHost.ErrorCodeAsync(replay, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Replayed_code_ends_every_token_issued_from_it(bool rotate)
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.MaxTokenRenewals = 5;
            o.RotateRefreshTokens = rotate;
        });
        var code = await host.GetCodeAsync();
        var login = await EmulatorHost.JsonAsync(await host.ExchangeCodeAsync(code), HttpStatusCode.OK);
        var renewed = await EmulatorHost.JsonAsync(await host.RefreshAsync(login.GetProperty("refresh_token").GetString()!), HttpStatusCode.OK);
        var other = await host.LoginAsync();

        var replay = await host.ExchangeCodeAsync(code);

        Assert.Equal("906", await EmulatorHost.ErrorCodeAsync(replay, HttpStatusCode.BadRequest));
        foreach (var token in new[] { login, renewed })
        {
            Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(await host.UserInfoAsync(token.GetProperty("access_token").GetString()!), HttpStatusCode.Unauthorized));
        }

        Assert.Equal("911", await EmulatorHost.ErrorCodeAsync(await host.RefreshAsync(renewed.GetProperty("refresh_token").GetString()!), HttpStatusCode.Unauthorized));
        // Another login of the same user and client is not touched.
        Assert.Equal(HttpStatusCode.OK, (await host.UserInfoAsync(other.GetProperty("access_token").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task Replay_with_a_wrong_client_secret_is_refused_and_ends_nothing()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();
        var login = await EmulatorHost.JsonAsync(await host.ExchangeCodeAsync(code), HttpStatusCode.OK);

        var replay = await host.ExchangeCodeAsync(code, clientSecret: "guess");

        Assert.Equal("902", await EmulatorHost.ErrorCodeAsync(replay, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.OK, (await host.UserInfoAsync(login.GetProperty("access_token").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task Concurrent_replays_of_a_code_yield_exactly_one_token_and_end_it()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.ExchangeCodeAsync(code)));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var token = (await EmulatorHost.JsonAsync(winner, HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
        Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(await host.UserInfoAsync(token), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Expired_code_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.AuthorizationCodeLifetimeSeconds = 60);
        var fresh = await host.GetCodeAsync();
        var stale = await host.GetCodeAsync();

        host.Clock.Advance(TimeSpan.FromSeconds(59));
        var inTime = await host.ExchangeCodeAsync(fresh);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var late = await host.ExchangeCodeAsync(stale);

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal("907", await EmulatorHost.ErrorCodeAsync(late, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Code_exchange_requires_the_redirect_uri_of_the_authorization_request()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var response = await host.ExchangeCodeAsync(code, redirectUri: GamEmulatorDefaults.HttpsRedirectUri);

        Assert.Equal("908", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task Code_exchange_without_the_right_client_secret_is_rejected(string secret)
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var response = await host.ExchangeCodeAsync(code, clientSecret: secret);

        Assert.Equal("902", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Code_issued_to_another_client_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var response = await host.ExchangeCodeAsync(code, clientId: GamEmulatorDefaults.PublicClientId, clientSecret: null);

        Assert.Equal("917", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Unknown_client_at_the_token_endpoint_answers_901()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var response = await host.ExchangeCodeAsync(code, clientId: "nope");

        Assert.Equal("901", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Public_client_exchanges_a_code_without_secret()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(clientId: GamEmulatorDefaults.PublicClientId));

        var response = await host.ExchangeCodeAsync(code, clientId: GamEmulatorDefaults.PublicClientId, clientSecret: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("client_credentials")]
    [InlineData("")]
    public async Task Web_token_endpoint_rejects_other_grant_types(string grantType)
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PostFormAsync("oauth/gam/access_token", ("grant_type", grantType), ("client_id", GamEmulatorDefaults.ClientId),
            ("client_secret", GamEmulatorDefaults.ClientSecret), ("username", "demo"), ("password", "demo"));

        Assert.Contains(await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest), new[] { "904", "905" });
    }

    [Fact]
    public async Task Token_endpoint_errors_carry_error_code_and_description_in_www_authenticate()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Realm = "gam.test");

        var response = await host.ExchangeCodeAsync("no-such-code");

        Assert.Equal("906", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(
            "OAuth realm=\"gam.test\",error_code=\"906\",error_description=\"Authorization code not valid or already used\"",
            response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Second_factor_user_signs_in_through_the_one_time_password_page()
    {
        await using var host = await EmulatorHost.StartAsync();

        var first = await host.SubmitSignInAsync(EmulatorHost.SignInQuery(), "otp", "otp");
        var otpPage = await first.Content.ReadAsStringAsync();
        var fields = EmulatorHost.HiddenFields(otpPage);
        fields["otp"] = "000000";
        var wrong = await host.Client.PostAsync(EmulatorHost.FormAction(otpPage), new FormUrlEncodedContent(fields));
        fields["otp"] = GamEmulatorDefaults.OtpCode;
        var right = await host.Client.PostAsync(EmulatorHost.FormAction(otpPage), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("name=\"otp\"", otpPage, StringComparison.Ordinal);
        Assert.Contains("Invalid one-time password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var token = await EmulatorHost.JsonAsync(await host.ExchangeCodeAsync(EmulatorHost.QueryValue(right.Headers.Location!, "code")!), HttpStatusCode.OK);
        Assert.Equal(GamEmulatorDefaults.OtpUserGuid, token.GetProperty("user_guid").GetString());
    }

    [Fact]
    public async Task Inactive_user_cannot_sign_in()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Users.Add(new GamEmulatorUser { UserName = "off", Password = "off", IsActive = false }));

        var response = await host.SubmitSignInAsync(EmulatorHost.SignInQuery(), "off", "off");

        Assert.Null(response.Headers.Location);
        Assert.Contains("The user is not active.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
