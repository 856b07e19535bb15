using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using GamAuthentication.Claims;
using GamAuthentication.Emulator;
using GamAuthentication.OpenIdConnect.Tests.Infrastructure;
using GamAuthentication.Testing;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>
/// <c>AddGamBearer</c> with the OpenID Connect profile: the userinfo endpoint comes from discovery, the token goes to
/// it as <c>Bearer</c>, and OneLogin's answers (seed 004) are classified as with GAM.
/// </summary>
public sealed class BearerTests
{
    [Fact]
    public async Task A_token_is_validated_at_the_discovered_userinfo_endpoint_as_bearer_and_cached()
    {
        await using var host = await OidcHost.StartAsync();
        var token = host.Emulator.IssueToken(GamEmulatorDefaults.AdminUserName, "openid profile email groups").AccessToken;
        using var client = host.CreateClient();

        var first = await GetMeAsync(client, token);
        var second = await GetMeAsync(client, token);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal([GamEmulatorDefaults.AdminUserGuid], first.User!.Values(GamClaimTypes.Subject));
        Assert.Contains("Administrator", first.User.Values(ClaimTypes.Role));
        Assert.Equal(OidcHost.ApiScheme, first.User.AuthenticationType);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        var userInfo = Assert.Single(host.Backchannel.Requests, r => r.Uri.AbsolutePath == "/oidc/2/me");
        Assert.Equal("Bearer " + token, userInfo.Authorization);
        Assert.Equal(1, host.DiscoveryReads);
    }

    [Fact]
    public async Task Onelogin_claims_of_seed_004_map_through_the_openid_connect_profile()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/oidc/2/me", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, UserInfoSamples.Seed004OneLogin));
        using var client = host.CreateClient();

        var answer = await GetMeAsync(client, "onelogin-access-token");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var user = answer.User!;
        Assert.Equal(["32916209"], user.Values(ClaimTypes.NameIdentifier));
        Assert.Equal(["32916209"], user.Values(GamClaimTypes.Subject));
        Assert.Equal("peggy.sue", user.Name);
        Assert.Equal(["peggy.sue@onelogin.com"], user.Values(ClaimTypes.Email));
        Assert.Equal(["Peggy Sue"], user.Values(GamClaimTypes.FullName));
        Assert.Equal(["Peggy"], user.Values(ClaimTypes.GivenName));
        Assert.Equal(["Sue"], user.Values(ClaimTypes.Surname));
        Assert.Equal(["1590019767000"], user.Values(GamClaimTypes.UpdatedAt));
        Assert.Equal(["Admin Role", "User Role", "Custom Roll"], user.Values(ClaimTypes.Role));
    }

    [Fact]
    public async Task Onelogin_empty_answer_without_scopes_is_no_user_and_is_refused()
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/oidc/2/me", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = host.CreateClient();

        var answer = await GetMeAsync(client, "token-without-scopes");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.StartsWith("Bearer", answer.Challenge, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", answer.Challenge, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_request","error_description":"no bearer token provided"}""", HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_request","error_description":"invalid authorization header value format"}""", HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.Unauthorized, """{"error":"invalid_token","error_description":"invalid token provided"}""", HttpStatusCode.Unauthorized)]
    public async Task Onelogin_error_bodies_of_seed_004_are_classified(HttpStatusCode providerStatus, string body, HttpStatusCode expected)
    {
        await using var host = await OidcHost.StartAsync();
        host.Backchannel.RespondTo("/oidc/2/me", _ => RecordingHttpHandler.Json(providerStatus, body));
        using var client = host.CreateClient();

        var answer = await GetMeAsync(client, "some-token");

        // invalid_request means the provider did not understand how the token was sent: a configuration problem
        // (503, never cached, logged as an error), not a bad token. invalid_token is the token's fault: 401.
        Assert.Equal(expected, answer.Status);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Contains("error=\"invalid_token\"", answer.Challenge, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(host.Logs.Lines(), l => l.Contains("did not understand the userinfo request", StringComparison.Ordinal));
            var again = await GetMeAsync(client, "some-token");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, again.Status);
            Assert.Equal(2, host.Backchannel.Requests.Count(r => r.Uri.AbsolutePath == "/oidc/2/me"));
        }
    }

    [Fact]
    public async Task A_real_onelogin_style_refusal_from_the_emulator_is_a_401()
    {
        await using var host = await OidcHost.StartAsync();
        using var client = host.CreateClient();

        var answer = await GetMeAsync(client, "not-a-token-of-this-provider");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    internal static async Task<(HttpStatusCode Status, UserView? User, string Challenge)> GetMeAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var challenge = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        var user = response.StatusCode == HttpStatusCode.OK
            ? JsonSerializer.Deserialize<UserView>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)
            : null;
        return (response.StatusCode, user, challenge);
    }
}
