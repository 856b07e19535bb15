using System.Net;
using System.Text.Json;

namespace GamAuthentication.Emulator.Tests;

public sealed class ScopeAndUserInfoTests
{
    private static readonly string[] UserDataFields =
    [
        "guid", "username", "email", "verified_email", "first_name", "last_name", "external_id", "birthday", "gender", "url_image",
        "url_profile", "phone", "address", "city", "state", "post_code", "language", "timezone", "CustomInfo",
    ];

    [Theory]
    [InlineData("gam_user_data gam_user_roles", "gam_user_data+gam_user_roles")]
    [InlineData("gam_user_data+gam_user_roles", "gam_user_data+gam_user_roles")]
    [InlineData("  gam_user_data +  gam_user_roles+gam_user_data ", "gam_user_data+gam_user_roles")]
    [InlineData("gam_user_roles user_email", "gam_user_roles+user_email")]
    public async Task Scopes_are_split_on_space_and_plus_and_returned_plus_joined(string requested, string granted)
    {
        await using var host = await EmulatorHost.StartAsync();

        // FormUrlEncodedContent encodes a literal '+' as %2B, so the server sees real plus signs here.
        var json = await EmulatorHost.JsonAsync(await host.PasswordGrantAsync(("scope", requested)), HttpStatusCode.OK);
        var viaCodeFlow = await host.LoginAsync(requested);

        Assert.Equal(granted, json.GetProperty("scope").GetString());
        Assert.Equal(granted, viaCodeFlow.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Missing_scope_grants_gam_user_data_and_gam_user_roles()
    {
        await using var host = await EmulatorHost.StartAsync();

        var json = await EmulatorHost.JsonAsync(await host.PasswordGrantAsync(("scope", "")), HttpStatusCode.OK);

        Assert.Equal("gam_user_data+gam_user_roles", json.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Scopes_outside_the_clients_allowed_scopes_are_dropped()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient
        {
            ClientId = "limited",
            ClientSecret = "s",
            AllowedScopes = ["gam_user_data"],
        }));

        var json = await EmulatorHost.JsonAsync(
            await host.PasswordGrantAsync(("client_id", "limited"), ("client_secret", "s"), ("scope", "gam_user_data gam_user_roles fullcontrol")),
            HttpStatusCode.OK);
        var userInfo = await EmulatorHost.JsonAsync(await host.UserInfoAsync(json.GetProperty("access_token").GetString()!), HttpStatusCode.OK);

        Assert.Equal("gam_user_data", json.GetProperty("scope").GetString());
        Assert.False(userInfo.TryGetProperty("roles", out _));
    }

    public static TheoryData<string, string[]> ScopeFields => new()
    {
        { "gam_user_data", UserDataFields },
        { "gam_user_roles", ["roles"] },
        { "gam_user_data+gam_user_roles", [.. UserDataFields, "roles"] },
        { "gam_user_additional_data", ["attributes"] },
        { "session_initial_prop", ["initial_properties"] },
        { "gam_session_initial_prop", ["initial_properties"] },
        { "session_application_data", ["application_data"] },
        { "gam_session_app_data", ["application_data"] },
        { "user_email", ["email", "verified_email"] },
        { "user_first_name+user_external_id+user_email", ["email", "verified_email", "first_name", "external_id"] },
        { "user_EmployeeID", ["attributes"] },
        { "fullcontrol", [.. UserDataFields, "application_data", "roles", "attributes", "initial_properties"] },
        { "some_custom_scope", [] },
    };

    [Theory]
    [MemberData(nameof(ScopeFields))]
    public async Task Userinfo_returns_only_fields_allowed_by_scopes(string scope, string[] expected)
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("demo", scope).AccessToken;

        var json = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token), HttpStatusCode.OK);

        Assert.Equal(expected.Order(StringComparer.Ordinal), json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Userinfo_values_follow_gam_shapes()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("demo", "fullcontrol").AccessToken;

        var json = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token), HttpStatusCode.OK);

        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, json.GetProperty("guid").GetString());
        Assert.Equal("demo", json.GetProperty("username").GetString());
        Assert.Equal("demo@example.com", json.GetProperty("email").GetString());
        Assert.True(json.GetProperty("verified_email").GetBoolean());
        Assert.Equal(string.Empty, json.GetProperty("address").GetString());
        Assert.Equal("{\"Department\":\"Sales\"}", json.GetProperty("CustomInfo").GetString());
        Assert.Equal(["User"], json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var attribute = Assert.Single(json.GetProperty("attributes").EnumerateArray());
        Assert.Equal("{\"Id\":\"EmployeeID\",\"IsMultiValue\":false,\"Value\":\"1001\"}", attribute.GetRawText());
        Assert.Equal(JsonValueKind.String, json.GetProperty("application_data").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("initial_properties").ValueKind);
    }

    [Fact]
    public async Task User_attribute_scope_returns_only_that_attribute()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Users.Add(new GamEmulatorUser
        {
            UserName = "attrs",
            Password = "p",
            Attributes = [new() { Id = "A", Value = "1" }, new() { Id = "B", Value = "2", IsMultiValue = true }],
        }));
        var token = host.Emulator.IssueToken("attrs", "user_B").AccessToken;

        var json = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token), HttpStatusCode.OK);

        var attribute = Assert.Single(json.GetProperty("attributes").EnumerateArray());
        Assert.Equal("B", attribute.GetProperty("Id").GetString());
        Assert.True(attribute.GetProperty("IsMultiValue").GetBoolean());
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("OAuth {0}")]
    [InlineData("Bearer {0}")]
    [InlineData("bearer {0}")]
    [InlineData("oauth {0}")]
    [InlineData("form")]
    public async Task Userinfo_accepts_raw_OAuth_Bearer_and_form_tokens(string presentation)
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("demo").AccessToken;
        var request = new HttpRequestMessage(HttpMethod.Post, host.Url("oauth/gam/userinfo"));
        request.Headers.TryAddWithoutValidation("GeneXus-Agent", "SmartDevice Application");
        if (presentation == "form")
        {
            request.Content = new FormUrlEncodedContent([new("access_token", token)]);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, presentation, token));
        }

        var json = await EmulatorHost.JsonAsync(await host.Client.SendAsync(request), HttpStatusCode.OK);

        Assert.Equal("demo", json.GetProperty("username").GetString());
    }

    [Theory]
    [InlineData("oauth/gam/userinfo")]
    [InlineData("oauth/gam/v2.0/userinfo")]
    [InlineData("oauth/userinfo")]
    [InlineData("openid/userinfo")]
    public async Task Every_userinfo_route_answers_the_user(string route)
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("admin").AccessToken;

        var json = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token, route), HttpStatusCode.OK);

        Assert.Equal(["Administrator", "User"], json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(route == "openid/userinfo", json.TryGetProperty("sub", out var sub));
        if (route == "openid/userinfo")
        {
            Assert.Equal(GamEmulatorDefaults.AdminUserGuid, sub.GetString());
        }
    }

    [Fact]
    public async Task Userinfo_without_authorization_answers_401_with_code_0()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Realm = "idp.test");

        var response = await host.Client.GetAsync(host.Url("oauth/gam/userinfo"));

        Assert.Equal("0", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
        Assert.Equal("OAuth realm=\"idp.test\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Realm_defaults_to_the_request_host()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.UserInfoAsync("x");

        Assert.Equal("OAuth realm=\"localhost\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Unknown_token_answers_112_and_malformed_token_answers_114()
    {
        await using var host = await EmulatorHost.StartAsync();

        var unknown = await host.UserInfoAsync(GamEmulatorDefaults.RepositoryGuid + "!" + new string('a', 96));
        var malformed = await host.UserInfoAsync("not-a-gam-token");

        Assert.Equal("112", await EmulatorHost.ErrorCodeAsync(unknown, HttpStatusCode.Unauthorized));
        Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(malformed, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Expired_token_answers_103_with_401_by_default_and_403_when_configured(int status)
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.AccessTokenLifetimeSeconds = 600;
            if (status == 403)
            {
                o.ExpiredTokenStatusCode = 403;
            }
        });
        var token = host.Emulator.IssueToken("demo").AccessToken;

        host.Clock.Advance(TimeSpan.FromSeconds(599));
        var before = await host.UserInfoAsync(token);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await host.UserInfoAsync(token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("103", await EmulatorHost.ErrorCodeAsync(after, (HttpStatusCode)status));
    }

    [Fact]
    public async Task Zero_lifetime_token_reports_expires_in_0_and_never_expires()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.AccessTokenLifetimeSeconds = 0);
        var token = await host.LoginAsync();

        host.Clock.Advance(TimeSpan.FromDays(3650));
        var response = await host.UserInfoAsync(token.GetProperty("access_token").GetString()!);

        Assert.Equal(0, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Revoked_token_answers_114()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = host.Emulator.IssueToken("demo").AccessToken;

        host.Emulator.RevokeToken(token);
        var response = await host.UserInfoAsync(token);

        Assert.Equal("114", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Userinfo_serves_a_thousand_users_concurrently()
    {
        const int Users = 1000;
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            for (var i = 0; i < Users; i++)
            {
                o.Users.Add(new GamEmulatorUser { UserName = $"user{i}", Password = "p", Roles = [$"role{i}"] });
            }
        });
        var tokens = Enumerable.Range(0, Users).Select(i => host.Emulator.IssueToken($"user{i}").AccessToken).ToArray();

        var names = await Task.WhenAll(tokens.Select(async token =>
        {
            var json = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token, "oauth/gam/v2.0/userinfo"), HttpStatusCode.OK);
            return json.GetProperty("username").GetString();
        }));

        Assert.Equal(Enumerable.Range(0, Users).Select(i => $"user{i}"), names);
        Assert.Equal(Users, host.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }
}
