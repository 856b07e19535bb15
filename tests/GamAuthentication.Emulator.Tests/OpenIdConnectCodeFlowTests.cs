using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace GamAuthentication.Emulator.Tests;

/// <summary>The OpenID Connect authorization and token endpoints, and the ID tokens they issue.</summary>
public sealed class OpenIdConnectCodeFlowTests
{
    [Fact]
    public async Task Authorization_endpoint_shows_the_sign_in_page_and_redirects_with_code_and_state()
    {
        await using var host = await EmulatorHost.StartAsync();

        var page = await host.GetSignInAsync(EmulatorHost.AuthorizeQuery(), host.Oidc("auth"));
        var html = await page.Content.ReadAsStringAsync();
        var response = await host.SubmitOidcSignInAsync(EmulatorHost.AuthorizeQuery());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/oidc/2/auth", EmulatorHost.FormAction(html));
        Assert.Equal(EmulatorHost.Nonce, EmulatorHost.HiddenFields(html)["nonce"]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(EmulatorHost.RedirectUri + "?code=", location.OriginalString, StringComparison.Ordinal);
        Assert.Equal("af0ifjsldkj", EmulatorHost.QueryValue(location, "state"));
        Assert.Equal(3, host.Emulator.GetCallCount(GamEmulatorEndpoint.SignIn));
    }

    [Fact]
    public async Task State_is_optional_and_left_out_of_the_redirect_when_not_sent()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.SubmitOidcSignInAsync(EmulatorHost.AuthorizeQuery(state: null));

        Assert.Null(EmulatorHost.QueryValue(response.Headers.Location!, "state"));
        Assert.NotNull(EmulatorHost.QueryValue(response.Headers.Location!, "code"));
    }

    [Fact]
    public async Task Form_post_response_mode_posts_code_and_state_to_the_redirect_uri()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.SubmitOidcSignInAsync(EmulatorHost.AuthorizeQuery(responseMode: "form_post"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(EmulatorHost.RedirectUri, EmulatorHost.FormAction(html));
        var fields = EmulatorHost.HiddenFields(html);
        Assert.Equal("af0ifjsldkj", fields["state"]);
        Assert.Equal(HttpStatusCode.OK, (await host.OidcExchangeAsync(fields["code"])).StatusCode);
    }

    [Theory]
    [InlineData("nope", EmulatorHost.RedirectUri, "901")]
    [InlineData(GamEmulatorDefaults.ClientId, "https://evil.example/cb", "903")]
    [InlineData("", EmulatorHost.RedirectUri, "905")]
    public async Task Unknown_client_or_redirect_uri_gets_an_error_page_and_no_redirect(string clientId, string redirectUri, string code)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.AllowAnyLoopbackRedirectUri = false);

        var response = await host.GetSignInAsync(EmulatorHost.AuthorizeQuery(clientId: clientId, redirectUri: redirectUri), host.Oidc("auth"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains($"<span id=\"error-code\">{code}</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("prompt", "none", "login_required")]
    [InlineData("code_challenge_method", "S512", "invalid_request")]
    [InlineData("response_mode", "fragment", "invalid_request")]
    public async Task Other_authorization_errors_are_redirected_to_the_client_with_state(string name, string value, string error)
    {
        await using var host = await EmulatorHost.StartAsync();
        var query = EmulatorHost.AuthorizeQuery(challenge: name == "code_challenge_method" ? "abc" : null);
        query = name == "response_type" ? query.Replace("response_type=code", "response_type=" + value, StringComparison.Ordinal) : query + $"&{name}={value}";

        var response = await host.GetSignInAsync(query, host.Oidc("auth"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(EmulatorHost.RedirectUri + "?error=" + error, location.OriginalString, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(EmulatorHost.QueryValue(location, "error_description")));
        Assert.Equal("af0ifjsldkj", EmulatorHost.QueryValue(location, "state"));
        Assert.Null(EmulatorHost.QueryValue(location, "code"));
    }

    [Fact]
    public async Task Client_that_requires_pkce_gets_invalid_request_without_a_challenge()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient
        {
            ClientId = "pkce-only",
            RedirectUris = [EmulatorHost.RedirectUri],
            PkceMode = GamEmulatorPkceMode.Required,
        }));

        var response = await host.GetSignInAsync(EmulatorHost.AuthorizeQuery(clientId: "pkce-only"), host.Oidc("auth"));

        Assert.Equal("invalid_request", EmulatorHost.QueryValue(response.Headers.Location!, "error"));
    }

    [Fact]
    public async Task Token_response_is_the_oauth_shape_with_an_id_token()
    {
        await using var host = await EmulatorHost.StartAsync();

        var json = await host.OidcLoginAsync();

        Assert.Equal(["access_token", "token_type", "expires_in", "scope", "id_token"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("openid profile email", json.GetProperty("scope").GetString());
        Assert.Equal(3, json.GetProperty("id_token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task Login_without_openid_scope_gets_no_id_token()
    {
        await using var host = await EmulatorHost.StartAsync();

        var json = await host.OidcLoginAsync(scope: "profile email");

        Assert.False(json.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task Id_token_verifies_with_microsoft_identitymodel_and_carries_the_login()
    {
        await using var host = await EmulatorHost.StartAsync();
        var signedInAt = host.Clock.GetUtcNow();
        var code = await host.GetOidcCodeAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(30));

        var json = await EmulatorHost.JsonAsync(await host.OidcExchangeAsync(code), HttpStatusCode.OK);
        var idToken = json.GetProperty("id_token").GetString()!;
        var result = await host.ValidateIdTokenAsync(idToken);

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.Equal(host.Emulator.OpenIdConnect.SigningKeyId, token.Kid);
        Assert.Equal(EmulatorHost.Issuer, token.Issuer);
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, token.Subject);
        Assert.Equal([GamEmulatorDefaults.ClientId], token.Audiences);
        var issuedAt = signedInAt.AddSeconds(30).ToUnixTimeSeconds();
        Assert.Equal(issuedAt, long.Parse(token.GetClaim("iat").Value));
        Assert.Equal(issuedAt + 600, long.Parse(token.GetClaim("exp").Value));
        Assert.Equal(signedInAt.ToUnixTimeSeconds(), long.Parse(token.GetClaim("auth_time").Value));
        Assert.Equal(EmulatorHost.Nonce, token.GetClaim("nonce").Value);
        Assert.Matches("^[0-9a-f]{32}$", token.GetClaim("sid").Value);
    }

    [Fact]
    public async Task At_hash_is_the_left_half_of_sha256_over_the_access_token_and_passes_the_protocol_validator()
    {
        await using var host = await EmulatorHost.StartAsync();

        var json = await host.OidcLoginAsync();
        var accessToken = json.GetProperty("access_token").GetString()!;
        var idToken = json.GetProperty("id_token").GetString()!;

        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        Assert.Equal(Base64Url.EncodeToString(hash.AsSpan(0, 16)), EmulatorHost.JwtPayload(idToken).GetProperty("at_hash").GetString());
        EmulatorHost.ValidateProtocol(idToken, accessToken, EmulatorHost.Nonce);
        Assert.ThrowsAny<Exception>(() => EmulatorHost.ValidateProtocol(idToken, accessToken + "x", EmulatorHost.Nonce));
    }

    [Theory]
    [InlineData("n-0S6_WzA2Mj")]
    [InlineData("a b+c/=&\"<é>")]
    public async Task Nonce_of_the_authorization_request_comes_back_in_the_id_token(string nonce)
    {
        await using var host = await EmulatorHost.StartAsync();

        var json = await host.OidcLoginAsync(nonce: nonce);

        Assert.Equal(nonce, EmulatorHost.JwtPayload(json.GetProperty("id_token").GetString()!).GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task No_nonce_in_the_request_means_no_nonce_claim()
    {
        await using var host = await EmulatorHost.StartAsync();

        var json = await host.OidcLoginAsync(nonce: null);

        Assert.False(EmulatorHost.JwtPayload(json.GetProperty("id_token").GetString()!).TryGetProperty("nonce", out _));
    }

    [Fact]
    public async Task Pkce_code_flow_of_a_public_client_needs_the_verifier()
    {
        await using var host = await EmulatorHost.StartAsync();
        const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        var query = EmulatorHost.AuthorizeQuery(clientId: GamEmulatorDefaults.PublicClientId, challenge: EmulatorHost.S256(Verifier), method: "S256");
        var first = await host.GetOidcCodeAsync(query);
        var second = await host.GetOidcCodeAsync(query);

        var wrong = await host.OidcExchangeAsync(first, GamEmulatorDefaults.PublicClientId, null, verifier: "not-the-verifier-at-all-not-the-verifier-at-all");
        var right = await host.OidcExchangeAsync(second, GamEmulatorDefaults.PublicClientId, null, verifier: Verifier);

        Assert.Equal("invalid_grant", await EmulatorHost.OAuthErrorAsync(wrong, HttpStatusCode.BadRequest));
        var json = await EmulatorHost.JsonAsync(right, HttpStatusCode.OK);
        Assert.Equal(GamEmulatorDefaults.PublicClientId, EmulatorHost.JwtPayload(json.GetProperty("id_token").GetString()!).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Client_secret_basic_authenticates_the_client()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetOidcCodeAsync();

        var response = await host.OidcTokenWithBasicAsync(
            (GamEmulatorDefaults.ClientId, GamEmulatorDefaults.ClientSecret),
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", EmulatorHost.RedirectUri));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_endpoint_errors_have_the_oauth_shape()
    {
        await using var host = await EmulatorHost.StartAsync();
        var used = await host.GetOidcCodeAsync();
        await host.OidcExchangeAsync(used);
        var fresh = await host.GetOidcCodeAsync();

        var replay = await host.OidcExchangeAsync(used);
        var wrongSecret = await host.OidcExchangeAsync(fresh, clientSecret: "guess");
        var wrongBasic = await host.OidcTokenWithBasicAsync((GamEmulatorDefaults.ClientId, "guess"), ("grant_type", "authorization_code"), ("code", fresh), ("redirect_uri", EmulatorHost.RedirectUri));
        var unknownClient = await host.OidcExchangeAsync(fresh, clientId: "nope");
        var both = await host.OidcTokenWithBasicAsync((GamEmulatorDefaults.ClientId, GamEmulatorDefaults.ClientSecret), ("grant_type", "authorization_code"), ("code", fresh), ("client_secret", "x"));
        var grant = await host.OidcTokenAsync(("grant_type", "client_credentials"), ("client_id", GamEmulatorDefaults.ClientId), ("client_secret", GamEmulatorDefaults.ClientSecret));
        var noGrant = await host.OidcTokenAsync(("client_id", GamEmulatorDefaults.ClientId), ("client_secret", GamEmulatorDefaults.ClientSecret));
        var noClient = await host.OidcTokenAsync(("grant_type", "authorization_code"), ("code", fresh));
        var notForm = await host.Client.PostAsync("/oidc/2/token", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal("invalid_grant", await EmulatorHost.OAuthErrorAsync(replay, HttpStatusCode.BadRequest));
        Assert.Equal("invalid_client", await EmulatorHost.OAuthErrorAsync(wrongSecret, HttpStatusCode.Unauthorized));
        Assert.StartsWith("Basic realm=", wrongSecret.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_client", await EmulatorHost.OAuthErrorAsync(wrongBasic, HttpStatusCode.Unauthorized));
        Assert.Equal("invalid_client", await EmulatorHost.OAuthErrorAsync(unknownClient, HttpStatusCode.Unauthorized));
        Assert.Equal("invalid_request", await EmulatorHost.OAuthErrorAsync(both, HttpStatusCode.BadRequest));
        Assert.Equal("unsupported_grant_type", await EmulatorHost.OAuthErrorAsync(grant, HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await EmulatorHost.OAuthErrorAsync(noGrant, HttpStatusCode.BadRequest));
        Assert.Equal("invalid_client", await EmulatorHost.OAuthErrorAsync(noClient, HttpStatusCode.Unauthorized));
        Assert.Equal("invalid_request", await EmulatorHost.OAuthErrorAsync(notForm, HttpStatusCode.BadRequest));
        // The failed attempts above did not consume the fresh code.
        Assert.Equal(HttpStatusCode.OK, (await host.OidcExchangeAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task Replayed_code_ends_the_login_it_started()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetOidcCodeAsync();
        var json = await EmulatorHost.JsonAsync(await host.OidcExchangeAsync(code), HttpStatusCode.OK);

        await host.OidcExchangeAsync(code);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.OidcUserInfoAsync("Bearer " + json.GetProperty("access_token").GetString())).StatusCode);
    }

    [Fact]
    public async Task Refresh_returns_new_tokens_and_an_id_token_of_the_same_login_without_nonce()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 2);
        var login = await host.OidcLoginAsync();
        var first = EmulatorHost.JwtPayload(login.GetProperty("id_token").GetString()!);
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        var refreshed = await EmulatorHost.JsonAsync(await host.OidcRefreshAsync(login.GetProperty("refresh_token").GetString()!), HttpStatusCode.OK);
        var idToken = refreshed.GetProperty("id_token").GetString()!;
        var second = EmulatorHost.JwtPayload(idToken);

        Assert.NotEqual(login.GetProperty("access_token").GetString(), refreshed.GetProperty("access_token").GetString());
        Assert.True((await host.ValidateIdTokenAsync(idToken)).IsValid);
        Assert.Equal(first.GetProperty("sub").GetString(), second.GetProperty("sub").GetString());
        Assert.Equal(first.GetProperty("auth_time").GetInt64(), second.GetProperty("auth_time").GetInt64());
        Assert.Equal(first.GetProperty("iat").GetInt64() + 300, second.GetProperty("iat").GetInt64());
        Assert.False(second.TryGetProperty("nonce", out _));
        EmulatorHost.ValidateProtocol(idToken, refreshed.GetProperty("access_token").GetString()!, nonce: null);
        Assert.Equal("openid profile email", refreshed.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Refresh_token_is_issued_only_when_renewals_are_allowed()
    {
        await using var none = await EmulatorHost.StartAsync();
        await using var some = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 1);

        Assert.False((await none.OidcLoginAsync()).TryGetProperty("refresh_token", out _));
        Assert.Matches("^[0-9a-f]{48}$", (await some.OidcLoginAsync()).GetProperty("refresh_token").GetString());
    }

    [Fact]
    public async Task Second_factor_user_signs_in_through_the_one_time_password_page()
    {
        await using var host = await EmulatorHost.StartAsync();

        var first = await host.SubmitOidcSignInAsync(EmulatorHost.AuthorizeQuery(), "otp", "otp");
        var otpPage = await first.Content.ReadAsStringAsync();
        var fields = EmulatorHost.HiddenFields(otpPage);
        fields["otp"] = GamEmulatorDefaults.OtpCode;
        var done = await host.Client.PostAsync(EmulatorHost.FormAction(otpPage), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var json = await EmulatorHost.JsonAsync(await host.OidcExchangeAsync(EmulatorHost.QueryValue(done.Headers.Location!, "code")!), HttpStatusCode.OK);
        var payload = EmulatorHost.JwtPayload(json.GetProperty("id_token").GetString()!);
        Assert.Equal(GamEmulatorDefaults.OtpUserGuid, payload.GetProperty("sub").GetString());
        Assert.Equal(EmulatorHost.Nonce, payload.GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task Tokens_are_shared_with_the_gam_routes()
    {
        await using var host = await EmulatorHost.StartAsync();
        var json = await host.OidcLoginAsync();
        var token = json.GetProperty("access_token").GetString()!;

        host.Emulator.RevokeToken(token);

        Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(await host.UserInfoAsync(token), HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.OidcUserInfoAsync("Bearer " + token)).StatusCode);
    }

    [Fact]
    public async Task Id_token_lifetime_is_configurable_and_validated()
    {
        await using var host = await EmulatorHost.StartAsync(configuration: new Dictionary<string, string?> { ["GamEmulator:OpenIdConnect:IdTokenLifetimeSeconds"] = "60" });

        var payload = EmulatorHost.JwtPayload((await host.OidcLoginAsync()).GetProperty("id_token").GetString()!);

        Assert.Equal(60, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        var services = new ServiceCollection().AddLogging();
        services.AddGamEmulator(o =>
        {
            o.OpenIdConnect.IdTokenLifetimeSeconds = 0;
            o.OpenIdConnect.Issuer = "not a url";
        });
        using var provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GamEmulator>());
        Assert.Contains("GamEmulator:OpenIdConnect:IdTokenLifetimeSeconds must be positive.", failure.Failures);
        Assert.Contains(failure.Failures, f => f.Contains("'not a url'", StringComparison.Ordinal));
    }
}
