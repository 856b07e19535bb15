using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GamAuthentication.Emulator;
using GamAuthentication.OpenIdConnect.Tests.Infrastructure;
using GamAuthentication.Testing;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>
/// What an attacker on the network path to the provider, in the browser, or behind a second provider of the same app
/// tries: forged id_tokens, another user's id_token in a refresh, a discovery document of another issuer or pointing at
/// this machine, and tokens of one provider handed to another scheme.
/// </summary>
public sealed class AttackTests
{
    public static TheoryData<string> ForgedTokens => new() { "none", "hs256-with-rsa-public-key", "embedded-jwk", "no-kid-own-key" };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Forged_id_tokens_fail_the_sign_in(string forgery)
    {
        await using var host = await OidcHost.StartAsync();
        using var client = host.CreateClient();
        var jwk = JsonNode.Parse(await client.GetStringAsync(OidcHost.Authority + "/certs"))!["keys"]![0]!.AsObject();
        host.Backchannel.Respond = (request, ct) => IsTokenRequest(request)
            ? EditTokenResponseAsync(host, request, json => json["id_token"] = Forge(forgery, Payload(json["id_token"]!.GetValue<string>()), jwk), ct)
            : null;
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("The OpenID Connect id_token is not valid", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_that_answers_another_users_id_token_is_not_stored()
    {
        await using var host = await OidcHost.StartAsync(o => o.Emulator = e => e.AccessTokenLifetimeSeconds = 600);
        using var browser = await SignedInAsync(host);
        var before = (await OidcHost.GetClaimsAsync(browser))!.Tokens;
        host.Provider.IdTokenTransform = payload =>
        {
            payload["sub"] = GamEmulatorDefaults.DemoUserGuid;
            return payload;
        };
        host.Clock.Advance(TimeSpan.FromMinutes(9));

        using var json = await UserTokenAsync(browser);

        Assert.False(json.RootElement.GetProperty("isRefreshed").GetBoolean());
        Assert.Equal(before[GamTokenNames.AccessToken], json.RootElement.GetProperty("accessToken").GetString());
        var stored = (await OidcHost.GetClaimsAsync(browser))!.Tokens[GamTokenNames.IdToken];
        Assert.Equal(GamEmulatorDefaults.AdminUserGuid, Payload(stored)["sub"]!.GetValue<string>());
        Assert.Contains(host.Logs.Lines(), l => l.Contains("it is about another user than the one signed in", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AAAA.AAAA.AAAA")]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.")]
    public async Task A_refresh_whose_id_token_is_not_a_jwt_keeps_the_session_and_answers_200(string garbage)
    {
        await using var host = await OidcHost.StartAsync(o => o.Emulator = e => e.AccessTokenLifetimeSeconds = 600);
        using var browser = await SignedInAsync(host);
        host.Backchannel.Respond = (request, ct) => IsTokenRequest(request) && request.Form.GetValueOrDefault("grant_type") == "refresh_token"
            ? EditTokenResponseAsync(host, request, json => json["id_token"] = garbage, ct)
            : null;
        host.Clock.Advance(TimeSpan.FromMinutes(9));

        using var json = await UserTokenAsync(browser);

        Assert.Equal("Success", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.GetProperty("isRefreshed").GetBoolean());
    }

    [Fact]
    public async Task With_RequireIdToken_a_token_response_without_id_token_fails_the_sign_in()
    {
        await using var host = await OidcHost.StartAsync(o => o.Configuration["Authentication:Schemes:Oidc:RequireIdToken"] = "true");
        host.Backchannel.Respond = (request, ct) => IsTokenRequest(request) ? EditTokenResponseAsync(host, request, json => json.Remove("id_token"), ct) : null;
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("has no id_token, and RequireIdToken is set", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_discovery_document_of_another_issuer_than_the_authority_is_refused()
    {
        const string foreign = "https://someone-else.example/oidc/2";
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.Respond = (request, ct) => IsDiscoveryRequest(request) ? EditDiscoveryAsync(host, d => d["issuer"] = foreign, ct) : null;
        host.Provider.IdTokenTransform = payload =>
        {
            payload["iss"] = foreign;
            return payload;
        };
        using var browser = host.CreateBrowser();

        using var challenge = await browser.GetAsync("/protected");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, challenge.StatusCode);
        Assert.Contains(host.Logs.Lines(), l => l.Contains("issuer https://someone-else.example/oidc/2 is not the configured Authority", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_only_a_metadata_address_the_documents_issuer_is_taken_as_it_is()
    {
        await using var host = await OidcHost.StartAsync(o =>
        {
            o.Configuration.Remove("Authentication:Schemes:Oidc:Authority");
            o.Configuration["Authentication:Schemes:Oidc:MetadataAddress"] = OidcHost.MetadataAddress;
        });
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://localhost:6379/")]
    [InlineData("https://127.0.0.1:8443/internal")]
    public async Task A_provider_elsewhere_cannot_point_this_app_at_its_own_machine(string loopback)
    {
        await using var host = await OidcHost.StartAsync(o =>
        {
            o.Configuration["Authentication:Schemes:Oidc:Authority"] = "https://idp.example.com/oidc/2";
            o.Emulator = e => e.OpenIdConnect.Issuer = "https://idp.example.com/oidc/2";
        });
        host.Backchannel.Respond = (request, ct) => IsDiscoveryRequest(request) ? EditDiscoveryAsync(host, d => d["token_endpoint"] = loopback, ct, "https://idp.example.com/oidc/2/.well-known/openid-configuration") : null;
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("loopback host", message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Backchannel.Requests, r => r.Uri.IsLoopback);
    }

    [Fact]
    public async Task Sign_out_with_another_scheme_never_hands_it_this_providers_tokens()
    {
        await using var host = await OidcHost.StartAsync(o => o.AddGamScheme = true);
        using var browser = await SignedInAsync(host);
        var tokens = (await OidcHost.GetClaimsAsync(browser))!.Tokens;

        using var signOut = await browser.GetAsync("/signout/Gam");

        // Signed out locally, with nothing of the OIDC provider's on the way to GAM.
        var location = browser.Location(signOut);
        Assert.Equal("/signed-out", location.AbsolutePath);
        Assert.DoesNotContain(tokens[GamTokenNames.AccessToken], location.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(tokens[GamTokenNames.IdToken], location.ToString(), StringComparison.Ordinal);
        Assert.Null(await OidcHost.GetClaimsAsync(browser));
    }

    [Fact]
    public async Task A_refresh_asked_of_another_scheme_never_sends_it_this_providers_refresh_token()
    {
        await using var host = await OidcHost.StartAsync(o =>
        {
            o.AddGamScheme = true;
            o.Emulator = e => e.AccessTokenLifetimeSeconds = 600;
        });
        using var browser = await SignedInAsync(host);
        var refreshToken = (await OidcHost.GetClaimsAsync(browser))!.Tokens[GamTokenNames.RefreshToken];
        host.Clock.Advance(TimeSpan.FromMinutes(9));

        using var json = await UserTokenAsync(browser, "Gam");

        Assert.Equal("NotSignedIn", json.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain(host.Backchannel.Requests, r => r.Uri.AbsolutePath.StartsWith("/gam/", StringComparison.Ordinal) && r.Body.Contains(Uri.EscapeDataString(refreshToken), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_user_is_the_verified_sub_not_a_guid_or_username_the_provider_also_sends()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/oidc/2/me", _ => RecordingHttpHandler.Json(HttpStatusCode.OK,
            $$"""{"sub":"{{GamEmulatorDefaults.AdminUserGuid}}","guid":"{{GamEmulatorDefaults.DemoUserGuid}}","username":"demo","preferred_username":"admin"}"""));
        using var browser = await SignedInAsync(host);

        var view = (await OidcHost.GetClaimsAsync(browser))!;

        Assert.Equal([GamEmulatorDefaults.AdminUserGuid], view.Values(ClaimTypes.NameIdentifier));
        Assert.Equal("admin", view.Name);
    }

    private static bool IsTokenRequest(RecordedRequest request) => request.Uri.AbsolutePath.EndsWith("/oidc/2/token", StringComparison.Ordinal);

    private static bool IsDiscoveryRequest(RecordedRequest request) => request.Uri.AbsolutePath.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal);

    private static async Task<TestBrowser> SignedInAsync(OidcHost host)
    {
        var browser = host.CreateBrowser();
        using var final = await OidcHost.SignInAsync(browser);
        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
        return browser;
    }

    private static async Task<JsonDocument> UserTokenAsync(TestBrowser browser, string? scheme = null)
    {
        using var response = await browser.GetAsync(scheme is null ? "/user-token" : "/user-token/" + scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static JsonObject Payload(string jwt) => JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]))!.AsObject();

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>A token with the genuine payload that a validator must still refuse.</summary>
    private static string Forge(string forgery, JsonObject payload, JsonObject jwk)
    {
        var kid = jwk["kid"]!.GetValue<string>();
        var body = B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        switch (forgery)
        {
            case "none":
                return B64(Encoding.UTF8.GetBytes($$"""{"alg":"none","kid":"{{kid}}","typ":"JWT"}""")) + "." + body + ".";

            case "hs256-with-rsa-public-key":
            {
                // The classic confusion: the provider's public key, as PEM text, used as an HMAC secret.
                using var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = Base64Url.DecodeFromChars(jwk["n"]!.GetValue<string>()), Exponent = Base64Url.DecodeFromChars(jwk["e"]!.GetValue<string>()) });
                var input = B64(Encoding.UTF8.GetBytes($$"""{"alg":"HS256","kid":"{{kid}}","typ":"JWT"}""")) + "." + body;
                return input + "." + B64(HMACSHA256.HashData(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()), Encoding.ASCII.GetBytes(input)));
            }

            default:
            {
                using var own = RSA.Create(2048);
                var p = own.ExportParameters(false);
                var header = forgery == "embedded-jwk"
                    ? $$"""{"alg":"RS256","kid":"attacker","jwk":{"kty":"RSA","n":"{{B64(p.Modulus!)}}","e":"{{B64(p.Exponent!)}}","kid":"attacker"},"typ":"JWT"}"""
                    : """{"alg":"RS256","typ":"JWT"}""";
                var input = B64(Encoding.UTF8.GetBytes(header)) + "." + body;
                return input + "." + B64(own.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            }
        }
    }

    /// <summary>The provider's real answer to <paramref name="request"/>, edited.</summary>
    private static async Task<HttpResponseMessage> EditTokenResponseAsync(OidcHost host, RecordedRequest request, Action<JsonObject> edit, CancellationToken cancellationToken)
    {
        using var forwarded = new HttpRequestMessage(HttpMethod.Post, request.Uri) { Content = new StringContent(request.Body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        using var client = host.CreateClient();
        using var answer = await client.SendAsync(forwarded, cancellationToken);
        var json = JsonNode.Parse(await answer.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        edit(json);
        return RecordingHttpHandler.Json(answer.StatusCode, json.ToJsonString());
    }

    /// <summary>The provider's real discovery document, edited.</summary>
    private static async Task<HttpResponseMessage> EditDiscoveryAsync(OidcHost host, Action<JsonObject> edit, CancellationToken cancellationToken, string address = OidcHost.MetadataAddress)
    {
        using var client = host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync(address, cancellationToken))!.AsObject();
        edit(document);
        return RecordingHttpHandler.Json(HttpStatusCode.OK, document.ToJsonString());
    }
}
