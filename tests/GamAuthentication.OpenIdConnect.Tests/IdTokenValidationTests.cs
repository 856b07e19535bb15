using System.Text.Json.Nodes;
using GamAuthentication.Emulator;
using GamAuthentication.OpenIdConnect.Tests.Infrastructure;
using GamAuthentication.Testing;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>
/// An id_token that is wrong in one way fails the sign-in with a message that says which way (OpenID Connect Core
/// §3.1.3.7), and never signs the user in. The emulator signs what <c>IdTokenTransform</c> returns.
/// </summary>
public sealed class IdTokenValidationTests
{
    public static TheoryData<string, string> WrongTokens => new()
    {
        { "issuer", "its issuer (iss) is not the provider's issuer" },
        { "audience", "its audience (aud) is not this application's client ID" },
        { "expired", "it has expired" },
        { "not-yet-valid", "it is not valid yet" },
        { "no-exp", "it has no expiry" },
        { "no-nonce", "it has no nonce, but the sign-in sent one" },
        { "other-nonce", "its nonce is not the one this sign-in sent" },
        { "at_hash", "its at_hash does not match the access token" },
        { "azp", "its authorized party (azp) is not this application's client ID" },
        { "no-iat", "it has no issue time (iat)" },
    };

    [Theory]
    [MemberData(nameof(WrongTokens))]
    public async Task A_wrong_id_token_fails_the_sign_in_and_says_why(string wrong, string reason)
    {
        await using var host = await OidcHost.StartAsync();
        host.Provider.IdTokenTransform = payload => Spoil(payload, wrong, host.Clock.GetUtcNow());
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("The OpenID Connect id_token is not valid", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines(), m => m.Contains("eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_signature_fails_the_sign_in()
    {
        await using var host = await OidcHost.StartAsync();
        host.Provider.SignIdTokensWithUnpublishedKey = true;
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("its signature does not verify with the provider's published keys", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_token_within_the_clock_skew_is_accepted()
    {
        await using var host = await OidcHost.StartAsync();
        host.Provider.IdTokenTransform = payload =>
        {
            payload["exp"] = host.Clock.GetUtcNow().AddSeconds(-30).ToUnixTimeSeconds();
            return payload;
        };
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_userinfo_answer_of_another_user_than_the_id_token_fails_the_sign_in()
    {
        await using var host = await OidcHost.StartAsync();
        host.Provider.IdTokenTransform = payload =>
        {
            payload["sub"] = GamEmulatorDefaults.DemoUserGuid;
            return payload;
        };
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("userinfo answer is about another user than the id_token", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_userinfo_answer_without_sub_fails_a_sign_in_that_has_an_id_token()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/oidc/2/me", _ => Testing.RecordingHttpHandler.Json(System.Net.HttpStatusCode.OK, """{"email":"admin@example.com","preferred_username":"admin"}"""));
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("userinfo answer has no sub", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_response_without_id_token_signs_in_with_userinfo_alone()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.Respond = (request, ct) => request.Uri.AbsolutePath.EndsWith("/oidc/2/token", StringComparison.Ordinal)
            ? WithoutIdTokenAsync(host, request, ct)
            : null;
        using var browser = host.CreateBrowser();

        using var final = await OidcHost.SignInAsync(browser);

        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
        var view = await OidcHost.GetClaimsAsync(browser);
        Assert.False(view!.Tokens.ContainsKey(GamTokenNames.IdToken));
    }

    /// <summary>The provider's real answer to <paramref name="request"/>, minus its id_token.</summary>
    private static async Task<HttpResponseMessage> WithoutIdTokenAsync(OidcHost host, Testing.RecordedRequest request, CancellationToken cancellationToken)
    {
        using var forwarded = new HttpRequestMessage(HttpMethod.Post, request.Uri) { Content = new StringContent(request.Body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        using var client = host.CreateClient();
        using var answer = await client.SendAsync(forwarded, cancellationToken);
        var json = JsonNode.Parse(await answer.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        Assert.True(json.Remove("id_token"));
        return Testing.RecordingHttpHandler.Json(answer.StatusCode, json.ToJsonString());
    }

    private static JsonObject Spoil(JsonObject payload, string wrong, DateTimeOffset now)
    {
        switch (wrong)
        {
            case "issuer":
                payload["iss"] = "https://someone-else.example/oidc/2";
                break;
            case "audience":
                payload["aud"] = "another-client";
                break;
            case "expired":
                payload["iat"] = now.AddMinutes(-20).ToUnixTimeSeconds();
                payload["exp"] = now.AddMinutes(-10).ToUnixTimeSeconds();
                break;
            case "not-yet-valid":
                payload["nbf"] = now.AddMinutes(10).ToUnixTimeSeconds();
                break;
            case "no-exp":
                payload.Remove("exp");
                break;
            case "no-nonce":
                payload.Remove("nonce");
                break;
            case "other-nonce":
                payload["nonce"] = "a-nonce-of-another-sign-in";
                break;
            case "at_hash":
                payload["at_hash"] = "AAAAAAAAAAAAAAAAAAAAAA";
                break;
            case "azp":
                payload["aud"] = new JsonArray(GamEmulatorDefaults.ClientId, "another-client");
                payload["azp"] = "another-client";
                break;
            case "no-iat":
                payload.Remove("iat");
                break;
        }

        return payload;
    }
}
