using System.Net;
using GamAuthentication.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Tokens.Tests;

/// <summary>Every grant of <see cref="GamTokenClient"/> against the emulator, and each way GAM says no.</summary>
public sealed class GamTokenClientTests
{
    private static async Task<(TokensHost Host, GamTokenClient Client, RecordingHandler Recorder)> StartAsync(
        Action<GamEmulatorOptions>? emulator = null, Action<GamTokenClientOptions>? options = null)
    {
        var host = await TokensHost.StartAsync(emulator);
        var recorder = new RecordingHandler(host.Server.CreateHandler());
        var settings = new GamTokenClientOptions
        {
            Authority = TokensHost.Authority,
            ClientId = GamEmulatorDefaults.ClientId,
            ClientSecret = GamEmulatorDefaults.ClientSecret,
        };
        options?.Invoke(settings);
        return (host, new GamTokenClient(new HttpClient(recorder), settings, host.Clock), recorder);
    }

    [Fact]
    public async Task Password_grant_returns_a_typed_token_with_expiry_scopes_and_user_guid()
    {
        var (host, client, recorder) = await StartAsync(e => e.AccessTokenLifetimeSeconds = 1800);
        await using var _ = host;
        var issuedAt = host.Clock.GetUtcNow();

        var result = await client.RequestPasswordTokenAsync("demo", "demo");

        Assert.Equal(GamTokenResultStatus.Success, result.Status);
        var token = result.Token!;
        Assert.StartsWith(GamEmulatorDefaults.RepositoryGuid + "!", token.AccessToken);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(issuedAt.AddSeconds(1800), token.ExpiresAt);
        Assert.Null(token.RefreshToken);
        Assert.Equal(["gam_user_data", "gam_user_roles"], token.Scopes);
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, token.UserGuid);
        Assert.Equal(new Uri(TokensHost.Authority + "/oauth/gam/v2.0/access_token"), recorder.Requests.Single().Request.RequestUri);
        Assert.Equal("password", recorder.LastForm["grant_type"]);
        Assert.Equal("gam_user_data gam_user_roles", recorder.LastForm["scope"]);
    }

    [Fact]
    public async Task Refresh_token_is_returned_when_the_policy_allows_renewals()
    {
        var (host, client, _) = await StartAsync(e => e.MaxTokenRenewals = 2);
        await using var _ = host;

        var token = (await client.RequestPasswordTokenAsync("demo", "demo")).EnsureSuccess();

        Assert.NotNull(token.RefreshToken);
    }

    [Fact]
    public async Task Password_grant_sends_gam_extras_and_the_login_properties_come_back_in_userinfo()
    {
        var (host, client, recorder) = await StartAsync();
        await using var _ = host;
        var request = new GamPasswordTokenRequest("demo", "demo")
        {
            AuthenticationTypeName = "local",
            Repository = GamEmulatorDefaults.RepositoryGuid,
            RequestTokenType = GamRequestTokenType.Web,
            AdditionalParameters = "{\"AuthenticationTypeName\":\"local\"}",
            Scope = ["gam_user_data", "session_initial_prop"],
        };
        request.InitialProperties.Add(new GamProperty("Company", "GeneXus"));
        request.InitialProperties.Add(new GamProperty("Branch", "Uruguay"));

        var token = (await client.RequestPasswordTokenAsync(request)).EnsureSuccess();

        var form = recorder.LastForm;
        Assert.Equal("local", form["authentication_type_name"]);
        Assert.Equal(GamEmulatorDefaults.RepositoryGuid, form["repository"]);
        Assert.Equal("Web", form["request_token_type"]);
        Assert.Equal("[{\"Id\":\"Company\",\"Value\":\"GeneXus\"},{\"Id\":\"Branch\",\"Value\":\"Uruguay\"}]", form["initial_properties"]);
        Assert.Equal("{\"AuthenticationTypeName\":\"local\"}", form["additional_parameters"]);
        Assert.Contains("session_initial_prop", token.Scopes);

        using var http = host.CreateClient();
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/gam/oauth/gam/v2.0/userinfo");
        userInfo.Headers.TryAddWithoutValidation("Authorization", token.AccessToken);
        var json = await (await http.SendAsync(userInfo)).Content.ReadAsStringAsync();
        Assert.Contains("\"Company\"", json);
        Assert.Contains("\"Uruguay\"", json);
    }

    [Fact]
    public async Task Extra_parameters_replace_the_fields_the_client_would_send()
    {
        var (host, client, recorder) = await StartAsync();
        await using var _ = host;
        var request = new GamPasswordTokenRequest("demo", "demo");
        request.Parameters["scope"] = "gam_user_data";
        request.Parameters["custom"] = "1";

        var token = (await client.RequestPasswordTokenAsync(request)).EnsureSuccess();

        Assert.Equal("gam_user_data", recorder.LastForm["scope"]);
        Assert.Equal("1", recorder.LastForm["custom"]);
        Assert.Equal(["gam_user_data"], token.Scopes);
    }

    public static TheoryData<string, Action<GamEmulator>?, Func<GamTokenClient, Task<GamTokenResult>>, string, int> Refusals => new()
    {
        { "wrong password", null, c => c.RequestPasswordTokenAsync("demo", "wrong"), "11", 401 },
        { "unknown user", null, c => c.RequestPasswordTokenAsync("nobody", "x"), "7", 401 },
        { "unknown authentication type", null, c => c.RequestPasswordTokenAsync(new GamPasswordTokenRequest("demo", "demo") { AuthenticationTypeName = "ldap" }), "3", 400 },
        { "unknown repository", null, c => c.RequestPasswordTokenAsync(new GamPasswordTokenRequest("demo", "demo") { Repository = "00000000-0000-0000-0000-000000000000" }), "2", 400 },
        { "bad request token type", null, c => c.RequestPasswordTokenAsync(new GamPasswordTokenRequest("demo", "demo") { Parameters = { ["request_token_type"] = "Cookie" } }), "921", 400 },
        { "inactive user", e => e.AddUser(new GamEmulatorUser { UserName = "gone", Password = "gone", IsActive = false }), c => c.RequestPasswordTokenAsync("gone", "gone"), "12", 401 },
        { "unknown API key", null, c => c.RequestApiKeyTokenAsync("not-a-key"), "915", 401 },
        { "expired API key", e => e.AddUser(new GamEmulatorUser { UserName = "old", Password = "old", ApiKeys = { new GamEmulatorApiKey { Key = "old-key", ExpiresAt = DateTimeOffset.UnixEpoch } } }), c => c.RequestApiKeyTokenAsync("old-key"), "916", 401 },
        { "unknown refresh token", null, c => c.RefreshTokenAsync("0000"), "911", 401 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Gam_refusals_carry_the_gam_code_message_and_http_status(string scenario, Action<GamEmulator>? arrange, Func<GamTokenClient, Task<GamTokenResult>> act, string code, int status)
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;
        arrange?.Invoke(host.Emulator);

        var result = await act(client);

        Assert.True(result.Status == GamTokenResultStatus.Refused, scenario);
        Assert.Equal(code, result.ErrorCode);
        Assert.False(string.IsNullOrEmpty(result.Error!.Message));
        Assert.Equal(status, result.HttpStatus);
        var exception = Assert.Throws<GamAuthenticationException>(() => result.EnsureSuccess());
        Assert.Equal(code, exception.ErrorCode);
        Assert.Equal(status, exception.StatusCode);
    }

    [Fact]
    public async Task Wrong_client_secret_is_refused_with_code_902()
    {
        var (host, client, _) = await StartAsync(options: o => o.ClientSecret = "wrong-secret");
        await using var _ = host;

        var result = await client.RequestPasswordTokenAsync("demo", "demo");

        Assert.Equal(GamTokenResultStatus.Refused, result.Status);
        Assert.Equal("902", result.ErrorCode);
    }

    [Fact]
    public async Task Application_without_rest_authentication_is_refused_with_code_230()
    {
        var (host, client, _) = await StartAsync(options: o => { o.ClientId = "no-rest"; o.ClientSecret = "s"; });
        await using var _ = host;
        host.Emulator.AddClient(new GamEmulatorClient { ClientId = "no-rest", ClientSecret = "s", AllowRestAuthentication = false });

        var result = await client.RequestPasswordTokenAsync("demo", "demo");

        Assert.Equal("230", result.ErrorCode);
    }

    [Fact]
    public async Task Api_key_grant_sends_the_api_key_fields_and_the_token_never_expires()
    {
        var (host, client, recorder) = await StartAsync(e => e.MaxTokenRenewals = 3);
        await using var _ = host;

        var token = (await client.RequestApiKeyTokenAsync(GamEmulatorDefaults.DemoApiKey)).EnsureSuccess();

        var form = recorder.LastForm;
        Assert.Equal("password", form["grant_type"]);
        Assert.Equal(GamEmulatorDefaults.DemoApiKey, form["api_key"]);
        Assert.Equal("apikey", form["authentication_type_name"]);
        Assert.False(form.ContainsKey("scope"));
        Assert.False(form.ContainsKey("username"));
        Assert.Null(token.ExpiresAt);
        Assert.Null(token.RefreshToken);
        Assert.Equal(["gam_user_data", "gam_user_roles"], token.Scopes);
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, token.UserGuid);
    }

    [Fact]
    public async Task Refresh_grant_returns_a_new_token_and_the_used_refresh_token_dies_when_gam_rotates()
    {
        var (host, client, recorder) = await StartAsync(e => { e.MaxTokenRenewals = 5; e.RotateRefreshTokens = true; });
        await using var _ = host;
        var first = (await client.RequestPasswordTokenAsync("demo", "demo")).EnsureSuccess();

        var second = (await client.RefreshTokenAsync(first.RefreshToken!)).EnsureSuccess();
        var replay = await client.RefreshTokenAsync(first.RefreshToken!);

        Assert.Equal("refresh_token", recorder.Requests.ElementAt(1).Form["grant_type"]);
        Assert.Equal(GamEmulatorDefaults.ClientSecret, recorder.Requests.ElementAt(1).Form["client_secret"]);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotNull(second.RefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(GamTokenResultStatus.Refused, replay.Status);
        Assert.Equal("911", replay.ErrorCode);
    }

    [Fact]
    public async Task The_last_allowed_renewal_has_no_refresh_token_and_a_further_refresh_is_refused()
    {
        var (host, client, _) = await StartAsync(e => { e.MaxTokenRenewals = 1; e.RotateRefreshTokens = false; });
        await using var _ = host;
        var first = (await client.RequestPasswordTokenAsync("demo", "demo")).EnsureSuccess();

        var renewed = (await client.RefreshTokenAsync(first.RefreshToken!)).EnsureSuccess();
        var exhausted = await client.RefreshTokenAsync(first.RefreshToken!);

        Assert.Null(renewed.RefreshToken);
        Assert.Equal(GamTokenResultStatus.Refused, exhausted.Status);
        Assert.Equal("105", exhausted.ErrorCode);
    }

    [Fact]
    public async Task Globant_profile_posts_client_id_scope_username_and_password_to_oauth_access_token()
    {
        var (host, client, recorder) = await StartAsync(options: o =>
        {
            o.EndpointProfile = GamEndpointProfile.GlobantEnterpriseAI;
            o.ClientId = GamEmulatorDefaults.PublicClientId;
            o.ClientSecret = null;
        });
        await using var _ = host;

        var token = (await client.RequestPasswordTokenAsync("demo", "demo")).EnsureSuccess();

        var (request, form) = recorder.Requests.Single();
        Assert.Equal(new Uri(TokensHost.Authority + "/oauth/access_token"), request.RequestUri);
        Assert.Equal(["client_id", "scope", "username", "password"], form.Keys);
        Assert.Equal(GamEmulatorDefaults.PublicClientId, form["client_id"]);
        Assert.Equal("gam_user_data gam_user_roles", form["scope"]);
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, token.UserGuid);
    }

    [Fact]
    public async Task Globant_profile_sends_the_authentication_type_as_grant_type()
    {
        var (host, client, recorder) = await StartAsync(options: o =>
        {
            o.EndpointProfile = GamEndpointProfile.GlobantEnterpriseAI;
            o.ClientId = GamEmulatorDefaults.PublicClientId;
            o.ClientSecret = null;
            o.AuthenticationTypeName = "GAMLocal";
        });
        await using var _ = host;

        Assert.True((await client.RequestPasswordTokenAsync("demo", "demo")).IsSuccess);
        Assert.Equal("GAMLocal", recorder.LastForm["grant_type"]);
        Assert.False(recorder.LastForm.ContainsKey("authentication_type_name"));
    }

    [Fact]
    public async Task Globant_profile_refuses_api_keys_before_any_request()
    {
        var (host, client, recorder) = await StartAsync(options: o => o.EndpointProfile = GamEndpointProfile.GlobantEnterpriseAI);
        await using var _ = host;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.RequestApiKeyTokenAsync("key"));

        Assert.Contains("RestIdp", error.Message);
        Assert.Empty(recorder.Requests);
    }

    [Theory]
    [InlineData(GamEndpointProfile.RestIdp)]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI)]
    public async Task Second_factor_is_a_distinct_result_and_the_one_time_password_completes_the_login(GamEndpointProfile profile)
    {
        var (host, client, recorder) = await StartAsync(options: o => o.EndpointProfile = profile);
        await using var _ = host;
        var login = new GamPasswordTokenRequest(GamEmulatorDefaults.OtpUserName, GamEmulatorDefaults.OtpPassword);

        var first = await client.RequestPasswordTokenAsync(login);
        var second = await client.CompleteSecondFactorAsync(login, GamEmulatorDefaults.OtpCode);

        Assert.Equal(GamTokenResultStatus.SecondFactorRequired, first.Status);
        Assert.Equal("410", first.ErrorCode);
        Assert.Equal(202, first.HttpStatus);
        Assert.Null(first.Token);
        Assert.True(second.IsSuccess, second.Reason);
        Assert.Equal(GamEmulatorDefaults.OtpUserGuid, second.Token!.UserGuid);
        var form = recorder.LastForm;
        Assert.Equal(GamEmulatorDefaults.OtpCode, form["password"]);
        if (profile == GamEndpointProfile.RestIdp)
        {
            Assert.Equal("2", form["otp_step"]);
            Assert.Equal("true", form["use_2fa"]);
        }
        else
        {
            Assert.Equal("{\"OTPStep\":\"2\",\"UseTwoFactorAuthentication\":\"true\"}", form["additional_parameters"]);
        }
    }

    [Fact]
    public async Task Wrong_one_time_password_is_refused()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;
        var login = new GamPasswordTokenRequest(GamEmulatorDefaults.OtpUserName, GamEmulatorDefaults.OtpPassword);
        Assert.Equal(GamTokenResultStatus.SecondFactorRequired, (await client.RequestPasswordTokenAsync(login)).Status);

        var result = await client.CompleteSecondFactorAsync(login, "000000");

        Assert.Equal(GamTokenResultStatus.Refused, result.Status);
        Assert.Equal("918", result.ErrorCode);
    }

    [Fact]
    public async Task Gam_answering_503_is_unavailable_not_refused()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;
        host.Gate.FailWith = 503;

        var result = await client.RequestPasswordTokenAsync("demo", "demo");

        Assert.Equal(GamTokenResultStatus.Unavailable, result.Status);
        Assert.Equal(503, result.HttpStatus);
    }

    public static TheoryData<string, string> NotGamWhereConfigured() => new()
    {
        { "404", "answered HTTP 404 (not found): check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile" },
        { "refused", "could not be reached (the connection was refused or failed): check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile" },
        { "html", "answered HTTP 200 with a body of type text/html that is not a token response: check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile" },
    };

    [Theory]
    [MemberData(nameof(NotGamWhereConfigured))]
    public async Task GAM_not_found_where_configured_names_the_url_and_what_to_check_in_the_result_and_the_log(string mode, string expected)
    {
        var stub = new StubHandler(_ => mode switch
        {
            "404" => new HttpResponseMessage(HttpStatusCode.NotFound),
            "refused" => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"),
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>IIS</html>", System.Text.Encoding.UTF8, "text/html") },
        });
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<GamTokenClient>();
        var client = new GamTokenClient(new HttpClient(stub), new GamTokenClientOptions { Authority = "https://gam.example.com/app", ClientId = "c" }, null, logger);

        var result = await client.RequestPasswordTokenAsync("demo", "demo");

        Assert.Equal(GamTokenResultStatus.Unavailable, result.Status);
        Assert.Equal("GAM's token endpoint https://gam.example.com/app/oauth/gam/v2.0/access_token " + expected, result.Reason);
        var line = Assert.Single(GamAuthentication.Testing.LogCollectorExtensions.Lines(logger.Collector));
        Assert.Contains(result.Reason, line, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP 0", line, StringComparison.Ordinal);
        Assert.DoesNotContain("code none", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_is_logged_with_gams_own_words_and_no_made_up_code()
    {
        var stub = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<GamTokenClient>();
        var client = new GamTokenClient(new HttpClient(stub), new GamTokenClientOptions { Authority = "https://gam.example.com/app", ClientId = "c" }, null, logger);

        var result = await client.RequestPasswordTokenAsync("demo", "demo");

        Assert.Equal(GamTokenResultStatus.Refused, result.Status);
        var line = Assert.Single(GamAuthentication.Testing.LogCollectorExtensions.Lines(logger.Collector));
        Assert.Contains("was refused: GAM's token endpoint https://gam.example.com/app/oauth/gam/v2.0/access_token answered HTTP 401", line, StringComparison.Ordinal);
        Assert.DoesNotContain("code none", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_out_request_is_unavailable()
    {
        var stub = new StubHandler(_ => throw new TaskCanceledException("simulated HttpClient timeout"));
        var client = new GamTokenClient(new HttpClient(stub), new GamTokenClientOptions { Authority = "https://gam.example.com/app", ClientId = "c" });

        var result = await client.RequestPasswordTokenAsync("demo", "demo");

        Assert.Equal(GamTokenResultStatus.Unavailable, result.Status);
        Assert.Contains("timed out", result.Reason);
    }

    [Fact]
    public async Task A_cancelled_caller_gets_an_OperationCanceledException()
    {
        var stub = new StubHandler(_ => throw new TaskCanceledException());
        var client = new GamTokenClient(new HttpClient(stub), new GamTokenClientOptions { Authority = "https://gam.example.com/app", ClientId = "c" });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.RequestPasswordTokenAsync("demo", "demo", cancelled.Token));
    }

    [Theory]
    [InlineData("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":0,\"refresh_token\":\"\",\"scope\":\"a+b\",\"user_guid\":\"\"}", null, null)]
    [InlineData("{\"access_token\":\"t\",\"expires_in\":\"120\",\"refresh_token\":\"r\",\"scope\":\"a b\"}", 120, "r")]
    [InlineData("{\"access_token\":\"t\",\"expires_in\":540000}", 540000, null)]
    public async Task Token_responses_are_read_by_gams_rules(string json, int? expiresIn, string? refreshToken)
    {
        var stub = StubHandler.Json(HttpStatusCode.OK, json);
        var clock = new FakeTimeProvider();
        var client = new GamTokenClient(new HttpClient(stub), new GamTokenClientOptions { Authority = "https://gam.example.com/app", ClientId = "c" }, clock);

        var token = (await client.RefreshTokenAsync("r0")).EnsureSuccess();

        Assert.Equal(expiresIn is null ? null : clock.GetUtcNow().AddSeconds(expiresIn.Value), token.ExpiresAt);
        Assert.Equal(refreshToken, token.RefreshToken);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Null(token.UserGuid);
        if (json.Contains("scope", StringComparison.Ordinal))
        {
            Assert.Equal(["a", "b"], token.Scopes);
        }
        else
        {
            Assert.Empty(token.Scopes);
        }
    }
}
