using System.Net;

namespace GamAuthentication.Emulator.Tests;

/// <summary>The OpenID Connect userinfo endpoint (<c>me</c>): standard claims by scope, and OneLogin's answers (seed 004).</summary>
public sealed class OpenIdConnectUserInfoTests
{
    private const string Sub = "\"sub\":\"" + GamEmulatorDefaults.DemoUserGuid + "\"";

    // The emulator started at the test clock's 2026-01-01T12:00:00Z: the demo users' updated_at.
    private const string UpdatedAt = "1767268800";

    [Theory]
    [InlineData("openid", "{" + Sub + "}")]
    [InlineData("openid profile", "{" + Sub + ",\"name\":\"Demo User\",\"given_name\":\"Demo\",\"family_name\":\"User\",\"preferred_username\":\"demo\",\"birthdate\":\"1990-05-17\",\"zoneinfo\":\"America/Montevideo\",\"locale\":\"en\",\"updated_at\":" + UpdatedAt + "}")]
    [InlineData("openid email", "{" + Sub + ",\"email\":\"demo@example.com\",\"email_verified\":true}")]
    [InlineData("openid phone", "{" + Sub + ",\"phone_number\":\"+598 2901 0000\",\"phone_number_verified\":false}")]
    [InlineData("openid address", "{" + Sub + ",\"address\":{\"formatted\":\"Montevideo\",\"locality\":\"Montevideo\"}}")]
    [InlineData("openid groups", "{" + Sub + ",\"groups\":[\"User\"]}")]
    [InlineData("email", "{\"email\":\"demo@example.com\",\"email_verified\":true}")]
    [InlineData("openid gam_user_data unknown", "{" + Sub + "}")]
    public async Task Claims_follow_the_granted_scopes(string scope, string expected)
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = (await host.OidcLoginAsync(scope)).GetProperty("access_token").GetString()!;

        var response = await host.OidcUserInfoAsync("Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_standard_claim_the_user_has_is_filled()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Users.Add(new GamEmulatorUser
        {
            Guid = "9d1c2b3a-0000-4000-8000-000000000001",
            UserName = "full",
            Password = "full",
            FirstName = "Ana",
            LastName = "Pérez",
            Email = "ana@example.com",
            EmailVerified = false,
            Phone = "+598 99 123 456",
            PhoneNumberVerified = true,
            Gender = "F",
            Birthday = "1985-02-03",
            UrlImage = "https://img.example/ana.png",
            UrlProfile = "https://people.example/ana",
            Website = "https://ana.example",
            Language = "es-UY",
            Timezone = "America/Montevideo",
            Address = "18 de Julio 1234",
            City = "Montevideo",
            State = "Montevideo",
            PostCode = "11100",
            Country = "UY",
            UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(1700000000),
            Roles = ["Reader", "Writer"],
        }));
        var token = (await host.OidcLoginAsync("openid profile email phone address groups", userName: "full", password: "full")).GetProperty("access_token").GetString()!;

        var body = await (await host.OidcUserInfoAsync("Bearer " + token)).Content.ReadAsStringAsync();

        Assert.Equal(
            "{\"sub\":\"9d1c2b3a-0000-4000-8000-000000000001\",\"name\":\"Ana Pérez\",\"given_name\":\"Ana\",\"family_name\":\"Pérez\"," +
            "\"preferred_username\":\"full\",\"profile\":\"https://people.example/ana\",\"picture\":\"https://img.example/ana.png\"," +
            "\"website\":\"https://ana.example\",\"gender\":\"female\",\"birthdate\":\"1985-02-03\",\"zoneinfo\":\"America/Montevideo\"," +
            "\"locale\":\"es-UY\",\"updated_at\":1700000000,\"email\":\"ana@example.com\",\"email_verified\":false," +
            "\"phone_number\":\"+598 99 123 456\",\"phone_number_verified\":true," +
            "\"address\":{\"formatted\":\"18 de Julio 1234\\n11100 Montevideo Montevideo\\nUY\",\"street_address\":\"18 de Julio 1234\"," +
            "\"locality\":\"Montevideo\",\"region\":\"Montevideo\",\"postal_code\":\"11100\",\"country\":\"UY\"}," +
            "\"groups\":[\"Reader\",\"Writer\"]}",
            body);
    }

    [Fact]
    public async Task OneLogin_sample_user_gets_the_members_of_the_documented_answer()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Users.Add(new GamEmulatorUser
        {
            Guid = "32916209",
            UserName = "peggy.sue",
            Password = "pw",
            Email = "peggy.sue@onelogin.com",
            FirstName = "Peggy",
            LastName = "Sue",
            Roles = ["Admin Role", "User Role", "Custom Roll"],
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1590019767000),
        }));
        var token = (await host.OidcLoginAsync("openid profile email groups", userName: "peggy.sue", password: "pw")).GetProperty("access_token").GetString()!;

        var json = await EmulatorHost.JsonAsync(await host.OidcUserInfoAsync("Bearer " + token), HttpStatusCode.OK);

        // OneLogin's sample, less updated_at in milliseconds (OIDC Core counts seconds) and plus email_verified (§5.1).
        Assert.Equal("32916209", json.GetProperty("sub").GetString());
        Assert.Equal("peggy.sue@onelogin.com", json.GetProperty("email").GetString());
        Assert.Equal("peggy.sue", json.GetProperty("preferred_username").GetString());
        Assert.Equal("Peggy Sue", json.GetProperty("name").GetString());
        Assert.Equal(1590019767, json.GetProperty("updated_at").GetInt64());
        Assert.Equal("Peggy", json.GetProperty("given_name").GetString());
        Assert.Equal("Sue", json.GetProperty("family_name").GetString());
        Assert.Equal(["Admin Role", "User Role", "Custom Roll"], json.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(
            new[] { "sub", "email", "preferred_username", "name", "updated_at", "given_name", "family_name", "groups", "email_verified" }.Order(),
            json.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task No_scopes_in_the_authorization_request_gives_an_empty_object()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = (await host.OidcLoginAsync(scope: null)).GetProperty("access_token").GetString()!;

        var response = await host.OidcUserInfoAsync("Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Missing_authorization_header_is_answered_as_onelogin_does()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.OidcUserInfoAsync(null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"error\":\"invalid_request\",\"error_description\":\"no bearer token provided\"}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("RAW")]
    [InlineData("OAuth TOKEN")]
    [InlineData("Basic ZGVtbzpkZW1v")]
    [InlineData("Bearer")]
    [InlineData("Bearer  ")]
    [InlineData("Bearer TOKEN extra")]
    public async Task Authorization_header_that_is_not_bearer_token_is_answered_as_onelogin_does(string header)
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = (await host.OidcLoginAsync()).GetProperty("access_token").GetString()!;

        var response = await host.OidcUserInfoAsync(header.Replace("TOKEN", token, StringComparison.Ordinal).Replace("RAW", token, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"error\":\"invalid_request\",\"error_description\":\"invalid authorization header value format\"}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("expired")]
    [InlineData("revoked")]
    public async Task Bad_token_is_answered_as_onelogin_does(string kind)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.AccessTokenLifetimeSeconds = 60);
        var token = (await host.OidcLoginAsync()).GetProperty("access_token").GetString()!;
        switch (kind)
        {
            case "unknown":
                token = GamEmulatorDefaults.RepositoryGuid + "!nope";
                break;
            case "expired":
                host.Clock.Advance(TimeSpan.FromSeconds(60));
                break;
            default:
                host.Emulator.RevokeToken(token);
                break;
        }

        var response = await host.OidcUserInfoAsync("Bearer " + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("{\"error\":\"invalid_token\",\"error_description\":\"invalid token provided\"}", await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_scheme_is_case_insensitive_and_post_is_accepted()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = (await host.OidcLoginAsync()).GetProperty("access_token").GetString()!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/oidc/2/me");
        post.Headers.TryAddWithoutValidation("Authorization", "bearer " + token);

        var response = await host.Client.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Userinfo_sub_is_the_id_token_sub_as_the_protocol_validator_checks()
    {
        await using var host = await EmulatorHost.StartAsync();
        var json = await host.OidcLoginAsync();
        var accessToken = json.GetProperty("access_token").GetString()!;

        var userInfo = await (await host.OidcUserInfoAsync("Bearer " + accessToken)).Content.ReadAsStringAsync();

        EmulatorHost.ValidateProtocol(json.GetProperty("id_token").GetString()!, accessToken, EmulatorHost.Nonce, userInfo);
    }

    [Fact]
    public async Task Gam_token_has_no_openid_scopes_so_its_userinfo_is_empty()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("demo").AccessToken;

        var response = await host.OidcUserInfoAsync("Bearer " + token);

        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }
}
