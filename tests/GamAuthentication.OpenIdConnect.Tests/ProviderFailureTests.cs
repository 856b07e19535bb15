using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.OpenIdConnect.Tests.Infrastructure;
using GamAuthentication.Testing;
using GamAuthentication.Tokens;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>
/// A provider whose discovery document cannot be read (down, malformed, redirected, naming plain-http endpoints) is
/// "unavailable": a 503 sign-in page, a 503 from the bearer handler, an <c>Unavailable</c> token result; nothing is
/// cached, the log names the metadata address and no secret, and everything works again once the provider is back.
/// </summary>
public sealed class ProviderFailureTests
{
    [Fact]
    public async Task Discovery_down_answers_503_everywhere_and_everything_recovers_when_it_is_back()
    {
        await using var host = await OidcHost.StartAsync();
        host.Provider.DiscoveryStatusCode = 503;
        var token = host.Emulator.IssueToken(GamEmulatorDefaults.AdminUserName, "openid profile email").AccessToken;
        using var browser = host.CreateBrowser();
        using var client = host.CreateClient();

        using (var challenge = await browser.GetAsync("/protected"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, challenge.StatusCode);
            Assert.Equal("no-store", challenge.Headers.CacheControl!.ToString());
            Assert.Contains("Sign-in is unavailable", await challenge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var api = await BearerTests.GetMeAsync(client, token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.Status);
        var refused = await host.TokenClient().RefreshTokenAsync("any-refresh-token");
        Assert.Equal(GamTokenResultStatus.Unavailable, refused.Status);
        Assert.Contains(OidcHost.MetadataAddress, refused.Reason, StringComparison.Ordinal);

        Assert.Contains(host.Logs.Lines(), l => l.Contains(OidcHost.MetadataAddress, StringComparison.Ordinal) && l.Contains("503", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines(), l => l.Contains(GamEmulatorDefaults.ClientSecret, StringComparison.Ordinal) || l.Contains(token, StringComparison.Ordinal));

        // Back: after the short back-off, the next requests read the document and succeed; nothing was cached.
        host.Provider.DiscoveryStatusCode = null;
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.OK, (await BearerTests.GetMeAsync(client, token)).Status);
        using var final = await OidcHost.SignInAsync(browser);
        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
        var view = await OidcHost.GetClaimsAsync(browser);
        var refreshed = await host.TokenClient().RefreshTokenAsync(view!.Tokens[GamTokenNames.RefreshToken]);
        Assert.Equal(GamTokenResultStatus.Success, refreshed.Status);
    }

    [Fact]
    public async Task An_outage_costs_the_provider_one_read_per_back_off_not_one_per_request()
    {
        await using var host = await OidcHost.StartAsync();
        host.Provider.DiscoveryStatusCode = 503;
        using var client = host.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await BearerTests.GetMeAsync(client, "token-" + i)).Status);
        }

        Assert.Equal(1, host.DiscoveryReads);
    }

    [Fact]
    public async Task After_a_successful_read_an_outage_of_the_discovery_document_does_not_stop_anything()
    {
        await using var host = await OidcHost.StartAsync();
        using (var first = host.CreateBrowser())
        {
            using var signedIn = await OidcHost.SignInAsync(first);
            Assert.Equal("Hello admin", await signedIn.Content.ReadAsStringAsync());
        }

        host.Provider.DiscoveryStatusCode = 503;
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        using var browser = host.CreateBrowser();
        using var final = await OidcHost.SignInAsync(browser);

        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
        Assert.Equal(1, host.DiscoveryReads);
    }

    [Theory]
    [InlineData("not json at all", "not a valid OpenID Connect discovery")]
    [InlineData("[1,2,3]", "not a valid OpenID Connect discovery")]
    public async Task A_malformed_discovery_document_fails_the_sign_in_with_a_clear_reason(string body, string reason)
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/.well-known/openid-configuration", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, body));
        using var browser = host.CreateBrowser();

        using var challenge = await browser.GetAsync("/protected");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, challenge.StatusCode);
        Assert.Contains(host.Logs.Lines(), l => l.Contains(reason, StringComparison.Ordinal) && l.Contains(OidcHost.MetadataAddress, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirecting_discovery_document_is_never_followed()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/.well-known/openid-configuration", _ =>
        {
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.Location = new Uri("https://attacker.example/.well-known/openid-configuration?x=1");
            return redirect;
        });
        using var client = host.CreateClient();

        var answer = await BearerTests.GetMeAsync(client, "some-token");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.DoesNotContain(host.Backchannel.Requests, r => r.Uri.Host == "attacker.example");
        Assert.Contains(host.Logs.Lines(), l => l.Contains("https://attacker.example", StringComparison.Ordinal) && !l.Contains("x=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discovered_endpoints_on_plain_http_outside_loopback_are_refused()
    {
        await using var host = await OidcHost.StartAsync(o =>
        {
            // Only the metadata address: the issuer is not compared with an Authority, so the endpoints are what is refused.
            o.Configuration.Remove("Authentication:Schemes:Oidc:Authority");
            o.Configuration["Authentication:Schemes:Oidc:MetadataAddress"] = OidcHost.MetadataAddress;
            o.Emulator = e => e.OpenIdConnect.Issuer = "http://idp.example.com/oidc/2";
        });
        using var browser = host.CreateBrowser();

        using var challenge = await browser.GetAsync("/protected");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, challenge.StatusCode);
        Assert.Contains(host.Logs.Lines(), l => l.Contains("http://idp.example.com/oidc/2/", StringComparison.Ordinal) && l.Contains("must use https", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Backchannel.Requests, r => r.Uri.Host == "idp.example.com");
    }

    [Fact]
    public async Task A_jwks_address_on_plain_http_outside_loopback_is_never_read()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/.well-known/openid-configuration", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, """
            {"issuer":"https://localhost/oidc/2","authorization_endpoint":"https://localhost/oidc/2/auth","token_endpoint":"https://localhost/oidc/2/token",
             "userinfo_endpoint":"https://localhost/oidc/2/me","jwks_uri":"http://keys.example.com/certs"}
            """));
        using var client = host.CreateClient();

        var answer = await BearerTests.GetMeAsync(client, "some-token");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.DoesNotContain(host.Backchannel.Requests, r => r.Uri.Host == "keys.example.com");
    }
}
