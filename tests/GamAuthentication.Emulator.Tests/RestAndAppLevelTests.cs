using System.Net;

namespace GamAuthentication.Emulator.Tests;

public sealed class RestAndAppLevelTests
{
    [Fact]
    public async Task Password_grant_returns_a_token_and_keeps_initial_properties()
    {
        await using var host = await EmulatorHost.StartAsync();

        var token = await EmulatorHost.JsonAsync(await host.PasswordGrantAsync(
            ("scope", "gam_user_data+session_initial_prop"),
            ("authentication_type_name", "local"),
            ("request_token_type", "OAuth"),
            ("repository", GamEmulatorDefaults.RepositoryGuid),
            ("initial_properties", "[{\"Id\":\"Company\",\"Value\":\"GeneXus\"},{\"Id\":\"Branch\",\"Value\":\"Uruguay\"}]")), HttpStatusCode.OK);
        var userInfo = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token.GetProperty("access_token").GetString()!, "oauth/gam/v2.0/userinfo"), HttpStatusCode.OK);

        Assert.Equal("gam_user_data+session_initial_prop", token.GetProperty("scope").GetString());
        Assert.Equal(
            "[{\"Id\":\"Company\",\"Value\":\"GeneXus\"},{\"Id\":\"Branch\",\"Value\":\"Uruguay\"}]",
            userInfo.GetProperty("initial_properties").GetRawText());
    }

    [Theory]
    [InlineData("{\"Id\":\"x\"}")]
    [InlineData("[{\"Id\":\"x\"")]
    [InlineData("[{\"Value\":\"no id\"}]")]
    public async Task Invalid_initial_properties_are_rejected(string initialProperties)
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PasswordGrantAsync(("initial_properties", initialProperties));

        Assert.Equal("913", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("demo", "wrong", "11", HttpStatusCode.Unauthorized)]
    [InlineData("nobody", "x", "7", HttpStatusCode.Unauthorized)]
    [InlineData("", "x", "5", HttpStatusCode.Unauthorized)]
    public async Task Bad_credentials_answer_gam_codes(string userName, string password, string code, HttpStatusCode status)
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PasswordGrantAsync(("username", userName), ("password", password));

        Assert.Equal(code, await EmulatorHost.ErrorCodeAsync(response, status));
        Assert.Contains($"error_code=\"{code}\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inactive_user_answers_12()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Users.Add(new GamEmulatorUser { UserName = "off", Password = "off", IsActive = false }));

        var response = await host.PasswordGrantAsync(("username", "off"), ("password", "off"));

        Assert.Equal("12", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Unknown_authentication_type_answers_3()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PasswordGrantAsync(("authentication_type_name", "facebook"));

        Assert.Equal("3", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Unknown_repository_answers_2()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PasswordGrantAsync(("repository", "00000000-0000-0000-0000-000000000000"));

        Assert.Equal("2", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Rest_login_for_a_client_without_rest_authentication_answers_230()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient
        {
            ClientId = "web-only",
            ClientSecret = "s",
            AllowRestAuthentication = false,
        }));

        var response = await host.PasswordGrantAsync(("client_id", "web-only"), ("client_secret", "s"));

        Assert.Equal("230", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Rest_token_endpoint_rejects_unknown_grant_types()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PasswordGrantAsync(("grant_type", "client_credentials"));

        Assert.Equal("904", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Rest_token_endpoint_also_redeems_authorization_codes()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();

        var response = await host.PostFormAsync("oauth/gam/v2.0/access_token", ("grant_type", "authorization_code"), ("code", code),
            ("client_id", GamEmulatorDefaults.ClientId), ("client_secret", GamEmulatorDefaults.ClientSecret), ("redirect_uri", EmulatorHost.RedirectUri));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_key_grant_returns_non_expiring_token_with_key_scopes()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 5);

        var token = await EmulatorHost.JsonAsync(await host.PasswordGrantAsync(
            ("username", ""), ("password", ""), ("scope", "fullcontrol"),
            ("api_key", GamEmulatorDefaults.DemoApiKey), ("authentication_type_name", "apikey")), HttpStatusCode.OK);
        host.Clock.Advance(TimeSpan.FromDays(400));
        var userInfo = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token.GetProperty("access_token").GetString()!), HttpStatusCode.OK);

        Assert.Equal(0, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(string.Empty, token.GetProperty("refresh_token").GetString());
        Assert.Equal(GamEmulatorDefaults.DemoApiKeyScopes, token.GetProperty("scope").GetString());
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, token.GetProperty("user_guid").GetString());
        Assert.False(userInfo.TryGetProperty("attributes", out _));
    }

    [Fact]
    public async Task Api_key_with_scoped_fields_returns_only_those_fields()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Users.Add(new GamEmulatorUser
        {
            UserName = "keyuser",
            Email = "userapikey@mail.com",
            FirstName = "user",
            ExternalId = "12a938b7123zg98",
            ApiKeys = [new() { Key = "k1", Scopes = "user_first_name+user_external_id+user_email" }],
        }));

        var token = await EmulatorHost.JsonAsync(await host.PasswordGrantAsync(("api_key", "k1")), HttpStatusCode.OK);
        var userInfo = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token.GetProperty("access_token").GetString()!), HttpStatusCode.OK);

        Assert.Equal("user_first_name+user_external_id+user_email", token.GetProperty("scope").GetString());
        Assert.Equal(
            "{\"email\":\"userapikey@mail.com\",\"verified_email\":true,\"first_name\":\"user\",\"external_id\":\"12a938b7123zg98\"}",
            userInfo.GetRawText());
    }

    [Theory]
    [InlineData("unknown-key", "apikey", "915")]
    [InlineData(GamEmulatorDefaults.DemoApiKey, "local", "3")]
    [InlineData("expired-key", "apikey", "916")]
    public async Task Invalid_api_key_logins_are_rejected(string key, string authenticationType, string code)
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.Users.AddRange(GamEmulatorDefaults.CreateUsers());
            o.Users.Add(new GamEmulatorUser
            {
                UserName = "old",
                ApiKeys = [new() { Key = "expired-key", ExpiresAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) }],
            });
        });

        var response = await host.PasswordGrantAsync(("api_key", key), ("authentication_type_name", authenticationType));

        Assert.Equal(code, await EmulatorHost.ErrorCodeAsync(response, code == "3" ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Api_key_is_invalid_for_a_client_that_no_longer_publishes_its_scopes()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient
        {
            ClientId = "narrow",
            ClientSecret = "s",
            AllowedScopes = ["gam_user_data"],
        }));

        var response = await host.PasswordGrantAsync(("client_id", "narrow"), ("client_secret", "s"), ("api_key", GamEmulatorDefaults.DemoApiKey));

        Assert.Equal("915", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Api_key_login_for_a_client_without_api_keys_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient { ClientId = "nokeys", ClientSecret = "s", AllowApiKey = false }));

        var response = await host.PasswordGrantAsync(("client_id", "nokeys"), ("client_secret", "s"), ("api_key", GamEmulatorDefaults.DemoApiKey));

        Assert.Equal("914", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("app")]
    public async Task Second_factor_answers_202_with_410_then_token_with_otp(string style)
    {
        await using var host = await EmulatorHost.StartAsync();
        var path = style == "v2" ? "oauth/gam/v2.0/access_token" : "oauth/access_token";
        (string, string)[] common =
        [
            ("client_id", GamEmulatorDefaults.ClientId), ("client_secret", GamEmulatorDefaults.ClientSecret), ("username", "otp"), ("scope", "gam_user_data"),
            ("grant_type", style == "v2" ? "password" : "local"),
        ];
        (string, string)[] secondStep = style == "v2"
            ? [("otp_step", "2"), ("use_2fa", "true")]
            : [("additional_parameters", "{\"OTPStep\":\"2\",\"UseTwoFactorAuthentication\":\"true\"}")];

        var first = await host.PostFormAsync(path, [.. common, ("password", "otp")]);
        var wrongOtp = await host.PostFormAsync(path, [.. common, ("password", "999999"), .. secondStep]);
        var second = await host.PostFormAsync(path, [.. common, ("password", GamEmulatorDefaults.OtpCode), .. secondStep]);
        var replay = await host.PostFormAsync(path, [.. common, ("password", GamEmulatorDefaults.OtpCode), .. secondStep]);

        var firstBody = await EmulatorHost.JsonAsync(first, HttpStatusCode.Accepted);
        Assert.Equal("410", firstBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("To enter app, the second authentication factor must be validated.", firstBody.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("918", await EmulatorHost.ErrorCodeAsync(wrongOtp, HttpStatusCode.Unauthorized));
        var token = await EmulatorHost.JsonAsync(second, HttpStatusCode.OK);
        Assert.Equal(GamEmulatorDefaults.OtpUserGuid, token.GetProperty("user_guid").GetString());
        Assert.Equal("919", await EmulatorHost.ErrorCodeAsync(replay, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Second_factor_without_first_factor_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PasswordGrantAsync(("username", "otp"), ("password", GamEmulatorDefaults.OtpCode), ("otp_step", "2"));

        Assert.Equal("919", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task App_level_token_for_public_client_takes_space_separated_scopes_without_secret()
    {
        await using var host = await EmulatorHost.StartAsync();

        var token = await EmulatorHost.JsonAsync(await host.PostFormAsync("oauth/access_token",
            ("client_id", GamEmulatorDefaults.PublicClientId), ("scope", "gam_user_data gam_user_roles"), ("username", "demo"), ("password", "demo")), HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Get, host.Url("openid/userinfo"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token.GetProperty("access_token").GetString());
        var userInfo = await EmulatorHost.JsonAsync(await host.Client.SendAsync(request), HttpStatusCode.OK);

        Assert.Equal("gam_user_data+gam_user_roles", token.GetProperty("scope").GetString());
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, userInfo.GetProperty("sub").GetString());
        Assert.Equal("demo", userInfo.GetProperty("username").GetString());
    }

    [Fact]
    public async Task App_level_token_requires_the_secret_of_a_confidential_client_and_answers_401()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PostFormAsync("oauth/access_token", ("client_id", GamEmulatorDefaults.ClientId), ("username", "demo"), ("password", "demo"));

        Assert.Equal("902", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("GAMLocal", HttpStatusCode.OK)]
    [InlineData("local", HttpStatusCode.OK)]
    [InlineData("twitter", HttpStatusCode.Unauthorized)]
    public async Task App_level_grant_type_is_the_authentication_type_name(string grantType, HttpStatusCode expected)
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PostFormAsync("oauth/access_token", ("client_id", GamEmulatorDefaults.PublicClientId), ("grant_type", grantType),
            ("username", "demo"), ("password", "demo"));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_additional_parameters_are_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.PasswordGrantAsync(("additional_parameters", "\"OTPStep\":\"2\"}"));

        Assert.Equal("920", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }
}
