using System.Net;
using System.Security.Claims;
using GamAuthentication.Claims;
using GamAuthentication.Emulator;
using GamAuthentication.OpenIdConnect.Tests.Infrastructure;
using GamAuthentication.Testing;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>Sign-in with nothing but Authority, ClientId, ClientSecret and EndpointProfile = OpenIdConnect.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task Discovery_alone_signs_the_user_in_with_claims_from_userinfo_and_keeps_the_id_token()
    {
        await using var host = await OidcHost.StartAsync();
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
        var view = await OidcHost.GetClaimsAsync(browser);
        Assert.NotNull(view);
        Assert.Equal([GamEmulatorDefaults.AdminUserGuid], view.Values(ClaimTypes.NameIdentifier));
        Assert.Equal([GamEmulatorDefaults.AdminUserGuid], view.Values(GamClaimTypes.Subject));
        Assert.Equal(["admin"], view.Values(ClaimTypes.Name));
        Assert.NotEmpty(view.Values(ClaimTypes.Email));
        Assert.Contains(view.Values(GamClaimTypes.EmailVerified), v => v is "true" or "false");
        Assert.Empty(host.Failures);

        // The id_token is saved with the other tokens: three parts, signed by the provider's current key.
        Assert.Equal(3, view.Tokens[GamTokenNames.IdToken].Split('.').Length);
        Assert.False(string.IsNullOrEmpty(view.Tokens[GamTokenNames.AccessToken]));

        // One read of each document: discovery, then the keys.
        Assert.Equal(1, host.DiscoveryReads);
        Assert.Equal(1, host.KeyReads);
    }

    [Fact]
    public async Task The_challenge_goes_to_the_discovered_authorization_endpoint_with_openid_scope_nonce_state_and_pkce()
    {
        await using var host = await OidcHost.StartAsync();
        using var browser = host.CreateBrowser();

        var authorize = await OidcHost.ChallengeAsync(browser);

        Assert.Equal(OidcHost.Authority + "/auth", authorize.GetLeftPart(UriPartial.Path));
        var query = TestBrowser.Query(authorize);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(GamEmulatorDefaults.ClientId, query["client_id"]);
        Assert.Equal(["email", "openid", "profile"], query["scope"].Split(' ').Order());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["nonce"]);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Equal("S256", query["code_challenge_method"]);

        // A second challenge gets another nonce.
        var again = TestBrowser.Query(await OidcHost.ChallengeAsync(host.CreateBrowser()));
        Assert.NotEqual(query["nonce"], again["nonce"]);
    }

    [Fact]
    public async Task Scopes_the_site_sets_are_kept_and_openid_is_added()
    {
        await using var host = await OidcHost.StartAsync(o => o.Gam = gam =>
        {
            gam.Scope.Clear();
            gam.Scope.Add("profile");
            gam.Scope.Add("groups");
        });
        using var browser = host.CreateBrowser();

        var query = TestBrowser.Query(await OidcHost.ChallengeAsync(browser));

        Assert.Equal(["groups", "openid", "profile"], query["scope"].Split(' ').Order());
    }

    [Fact]
    public async Task Groups_become_roles()
    {
        await using var host = await OidcHost.StartAsync(o => o.Gam = gam => gam.Scope.Add("groups"));
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var view = await OidcHost.GetClaimsAsync(browser);
        Assert.NotNull(view);
        Assert.Contains("Administrator", view.Values(ClaimTypes.Role));
    }

    [Fact]
    public async Task Endpoints_set_explicitly_win_over_discovered_ones()
    {
        await using var host = await OidcHost.StartAsync(o => o.Configuration["Authentication:Schemes:Oidc:AuthorizationEndpoint"] = "https://localhost/oidc/2/auth?tenant=t1");
        using var browser = host.CreateBrowser();

        var authorize = await OidcHost.ChallengeAsync(browser);

        Assert.Equal("t1", TestBrowser.Query(authorize)["tenant"]);
    }

    [Fact]
    public async Task A_gam_scheme_and_an_openid_connect_scheme_sign_in_side_by_side()
    {
        await using var host = await OidcHost.StartAsync(o => o.AddGamScheme = true);

        using (var oidcBrowser = host.CreateBrowser())
        {
            using var final = await OidcHost.SignInAsync(oidcBrowser);
            Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
            Assert.Equal(OidcHost.Scheme, (await OidcHost.GetClaimsAsync(oidcBrowser))!.AuthenticationType);
        }

        using var gamBrowser = host.CreateBrowser();
        using var challenge = await gamBrowser.GetAsync("/login-gam");
        var authorize = gamBrowser.Location(challenge);
        Assert.Equal("https://localhost/gam/oauth/gam/signin", authorize.GetLeftPart(UriPartial.Path));
        Assert.False(TestBrowser.Query(authorize).ContainsKey("nonce"));
        using var answer = await OidcHost.SubmitCredentialsAsync(gamBrowser, authorize);
        var done = await gamBrowser.FollowRedirectsAsync(await gamBrowser.GetAsync(gamBrowser.Location(answer)), until: OidcHost.IsProviderUrl);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var gamView = await OidcHost.GetClaimsAsync(gamBrowser);
        Assert.NotNull(gamView);
        Assert.Equal("Gam", gamView.AuthenticationType);
        Assert.False(gamView.Tokens.ContainsKey(GamTokenNames.IdToken));
        Assert.Empty(host.Failures);
    }
}
