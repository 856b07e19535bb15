using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using GamAuthentication.Claims;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using GamAuthentication.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace GamAuthentication.Tests;

/// <summary>The whole code + PKCE sign-in against the emulator, in one in-process server.</summary>
public sealed class SignInFlowTests
{
    [Fact]
    public async Task Code_flow_with_pkce_signs_the_user_in_with_claims_from_userinfo()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("/protected", final.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("Hello " + GamTestHost.UserName, await final.Content.ReadAsStringAsync());
        var view = await GamTestHost.GetClaimsAsync(browser);
        Assert.NotNull(view);
        Assert.Equal("Gam", view.AuthenticationType);
        Assert.Equal([GamTestHost.UserGuid], view.Values(ClaimTypes.NameIdentifier));
        Assert.Equal([GamTestHost.UserName], view.Values(ClaimTypes.Name));
        Assert.Equal(["tester@example.com"], view.Values(ClaimTypes.Email));
        Assert.Equal(["Test Er"], view.Values(GamClaimTypes.FullName));
        Assert.Equal(["Administrator", "Auditor"], view.Values(ClaimTypes.Role));
        Assert.Equal(["{\"Department\":\"QA\"}"], view.Values(GamClaimTypes.CustomInfo));
        Assert.True(view.IsAdministrator);
        Assert.All(view.Claims, c => Assert.Equal("Gam", c.Issuer));
        Assert.Empty(host.Failures);
        Assert.Equal(1, host.Emulator.GetCallCount(GamEmulatorEndpoint.Token));
        Assert.Equal(1, host.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }

    [Fact]
    public async Task Authorization_request_carries_code_flow_parameters_state_scope_and_pkce_s256()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();

        var authorize = await GamTestHost.ChallengeAsync(browser);

        Assert.Equal("https://localhost/gam/oauth/gam/signin", authorize.GetLeftPart(UriPartial.Path));
        var query = TestBrowser.Query(authorize);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(GamEmulatorDefaults.ClientId, query["client_id"]);
        Assert.Equal("https://localhost/signin-gam", query["redirect_uri"]);
        Assert.Equal("gam_user_data gam_user_roles", query["scope"]);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"]);
        Assert.False(query.ContainsKey("oauth"));
        Assert.False(query.ContainsKey("repository"));
        Assert.False(query.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task Authorization_request_carries_oauth_auth_and_repository_when_configured()
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam =>
        {
            gam.UseLegacyAuthorizationParameter = true;
            gam.Repository = GamEmulatorDefaults.RepositoryGuid;
        });
        using var browser = host.CreateBrowser();

        var authorize = await GamTestHost.ChallengeAsync(browser);

        var query = TestBrowser.Query(authorize);
        Assert.Equal("auth", query["oauth"]);
        Assert.Equal(GamEmulatorDefaults.RepositoryGuid, query["repository"]);
        Assert.Equal("code", query["response_type"]);

        // GAM accepts the request as sent and the sign-in completes.
        using var answer = await GamTestHost.SubmitCredentialsAsync(browser, authorize);
        using var final = await GamTestHost.CompleteAsync(browser, browser.Location(answer));
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.NotNull(await GamTestHost.GetClaimsAsync(browser));
    }

    [Fact]
    public async Task Additional_authorization_parameters_are_sent_and_win_over_repository()
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam =>
        {
            gam.Repository = "from-option";
            gam.AdditionalAuthorizationParameters["repository"] = GamEmulatorDefaults.RepositoryGuid;
            gam.AdditionalAuthorizationParameters["authentication_type_name"] = "local";
        });
        using var browser = host.CreateBrowser();

        var authorize = await GamTestHost.ChallengeAsync(browser);

        Assert.Equal(GamEmulatorDefaults.RepositoryGuid, Assert.Single(QueryHelpers.ParseQuery(authorize.Query)["repository"]));
        Assert.Equal("local", TestBrowser.Query(authorize)["authentication_type_name"]);
    }

    [Fact]
    public async Task Code_exchange_posts_a_form_with_client_credentials_redirect_uri_and_the_pkce_verifier()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();

        var authorize = await GamTestHost.ChallengeAsync(browser);
        using var answer = await GamTestHost.SubmitCredentialsAsync(browser, authorize);
        var callback = browser.Location(answer);
        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var exchange = Assert.Single(host.Backchannel.Requests, r => r.Uri.AbsolutePath == "/gam/oauth/gam/access_token");
        Assert.Equal(HttpMethod.Post, exchange.Method);
        Assert.Equal("application/x-www-form-urlencoded", exchange.ContentType);
        Assert.Null(exchange.Authorization);
        var form = exchange.Form;
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal(TestBrowser.Query(callback)["code"], form["code"]);
        Assert.Equal("https://localhost/signin-gam", form["redirect_uri"]);
        Assert.Equal(GamEmulatorDefaults.ClientId, form["client_id"]);
        Assert.Equal(GamTestHost.ClientSecret, form["client_secret"]);
        var challenge = Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"])));
        Assert.Equal(TestBrowser.Query(authorize)["code_challenge"], challenge);
    }

    [Fact]
    public async Task Access_token_and_expiry_are_saved_and_no_refresh_token_when_gam_allows_no_renewals()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var signInTime = DateTimeOffset.UtcNow;

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        Assert.StartsWith(GamEmulatorDefaults.RepositoryGuid + "!", view.Tokens["access_token"]);
        Assert.Equal("Bearer", view.Tokens["token_type"]);
        Assert.False(view.Tokens.ContainsKey("refresh_token"));
        var expiresAt = DateTimeOffset.Parse(view.Tokens["expires_at"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, signInTime.AddSeconds(3600).AddMinutes(-1), signInTime.AddSeconds(3600).AddMinutes(5));
    }

    [Fact]
    public async Task Granted_scope_and_user_guid_of_the_token_response_are_saved()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        Assert.Equal("gam_user_data+gam_user_roles", view.Tokens[GamTokenNames.Scope]);
        Assert.Equal(GamTestHost.UserGuid, view.Tokens[GamTokenNames.UserGuid]);
    }

    // The token responses of seeds 002 (Web IdP code exchange) and 001 (REST IdP), verbatim.
    [Theory]
    [InlineData("""{"access_token": "7032f1fd-e7a9-48bc-b9db-88a35b121b09!3964ab5e6ab7d771c6c5744122eaac8da2363a041fbfa96828441cd4a2b4c19d1319bb0dc775aa@SSORT!7032f1fd-e7a9-48bc-b9db-88a35b121b09!0c6fe15b76f14f5b8a0805c1b6c20appA", "token_type": "Bearer", "expires_in": 1800, "refresh_token": "00167b653abbc064b5982a1fd15e0f974b5", "scope": "gam_user_data", "user_guid": "139f4332-3f40-47b0-8fb4-ee7b3dbddc4f"}""", "gam_user_data", "139f4332-3f40-47b0-8fb4-ee7b3dbddc4f")]
    [InlineData("""{"access_token": "ae47229f-e133-42d1-87e0-c5ac59e51edf!c0f5aadd56fb7e1305e7c7abac8ee497d8d640ab446af07149fba8b2a3cad8321ad3c052dd65a7@SSORT!ae47229f-e133-42d1-87e0-c5ac59e51edf!0c6fe15b76f14f5b8a0805c1b6c20", "token_type": "Bearer", "expires_in": 0, "refresh_token": "", "scope": "gam_user_data+gam_user_roles+session_initial_prop", "user_guid": "736c85fa-5123-437d-a528-93471d3bae42"}""", "gam_user_data+gam_user_roles+session_initial_prop", "736c85fa-5123-437d-a528-93471d3bae42")]
    public async Task Scope_and_user_guid_of_the_seeds_token_responses_are_saved(string tokenResponse, string scope, string userGuid)
    {
        await using var host = await GamTestHost.StartAsync();
        host.Backchannel.RespondTo("/access_token", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, tokenResponse));
        host.Backchannel.RespondTo("/userinfo", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, UserInfoSamples.Seed002WebIdp));
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        Assert.Equal(scope, view.Tokens[GamTokenNames.Scope]);
        Assert.Equal(userGuid, view.Tokens[GamTokenNames.UserGuid]);
    }

    [Fact]
    public async Task Refresh_token_is_saved_when_gam_allows_renewals()
    {
        await using var host = await GamTestHost.StartAsync(o => o.Emulator = e => e.MaxTokenRenewals = 3);
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        Assert.Matches("^[0-9a-f]{48}$", view.Tokens["refresh_token"]);
    }

    [Fact]
    public async Task Expires_at_is_not_saved_when_gam_says_the_token_never_expires()
    {
        await using var host = await GamTestHost.StartAsync(o => o.Emulator = e => e.AccessTokenLifetimeSeconds = 0);
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        Assert.True(view.Tokens.ContainsKey("access_token"));
        Assert.False(view.Tokens.ContainsKey("expires_at"));
        Assert.Contains(host.Backchannel.Requests, r => r.Uri.AbsolutePath.EndsWith("/access_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Public_client_with_pkce_signs_in_without_sending_a_secret()
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam =>
        {
            gam.ClientId = GamEmulatorDefaults.PublicClientId;
            gam.ClientSecret = string.Empty;
        });
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        var exchange = Assert.Single(host.Backchannel.Requests, r => r.Uri.AbsolutePath.EndsWith("/access_token", StringComparison.Ordinal));
        Assert.False(exchange.Form.ContainsKey("client_secret"));
        Assert.True(exchange.Form.ContainsKey("code_verifier"));
    }

    [Fact]
    public async Task Sign_in_works_under_a_custom_scheme_name_and_callback_path()
    {
        await using var host = await GamTestHost.StartAsync(o =>
        {
            o.Scheme = "Corp";
            o.Gam = gam => gam.CallbackPath = "/auth/corp-callback";
        });
        using var browser = host.CreateBrowser();

        var authorize = await GamTestHost.ChallengeAsync(browser);
        Assert.Equal("https://localhost/auth/corp-callback", TestBrowser.Query(authorize)["redirect_uri"]);
        using var answer = await GamTestHost.SubmitCredentialsAsync(browser, authorize);
        using var final = await GamTestHost.CompleteAsync(browser, browser.Location(answer));

        var view = await GamTestHost.GetClaimsAsync(browser);
        Assert.NotNull(view);
        Assert.Equal("Corp", view.AuthenticationType);
        Assert.All(view.Claims, c => Assert.Equal("Corp", c.Issuer));

        // The backchannel was the named client of this scheme (GamTestHost routes only that client to the server).
        Assert.Equal(2, host.Backchannel.Requests.Count);
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, "/gam/oauth/gam/access_token", "/gam/oauth/gam/userinfo")]
    [InlineData(GamEndpointProfile.RestIdp, "/gam/oauth/gam/v2.0/access_token", "/gam/oauth/gam/v2.0/userinfo")]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, "/gam/oauth/gam/access_token", "/gam/openid/userinfo")]
    public async Task Each_profile_signs_in_against_its_own_endpoints(GamEndpointProfile profile, string tokenPath, string userInfoPath)
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.EndpointProfile = profile);
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal([tokenPath, userInfoPath], host.Backchannel.Requests.Select(r => r.Uri.AbsolutePath));
        Assert.Equal(70, host.Backchannel.Requests[0].Form["code"].Length);
    }

    [Fact]
    public async Task Claim_actions_changed_in_options_change_the_signed_in_users_claims()
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam =>
        {
            gam.ClaimActions.DeleteClaim(ClaimTypes.Email);
            gam.ClaimActions.MapJsonKey("urn:test:mail", "email");
        });
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        Assert.Empty(view.Values(ClaimTypes.Email));
        Assert.Equal(["tester@example.com"], view.Values("urn:test:mail"));
    }

    [Fact]
    public async Task Creating_ticket_event_sees_the_userinfo_json_and_can_add_claims()
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.Events.OnCreatingTicket = context =>
        {
            context.Identity!.AddClaim(new Claim("urn:test:user_from_event", context.User.GetProperty("username").GetString()!));
            return Task.CompletedTask;
        });
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        Assert.Equal([GamTestHost.UserName], view.Values("urn:test:user_from_event"));
    }
}
