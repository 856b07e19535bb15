using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Emulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Configuration_section_binds()
    {
        await using var host = await EmulatorHost.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["GamEmulator:AccessTokenLifetimeSeconds"] = "90",
            ["GamEmulator:MaxTokenRenewals"] = "2",
            ["GamEmulator:ExpiredTokenStatusCode"] = "403",
            ["GamEmulator:Users:0:UserName"] = "alice",
            ["GamEmulator:Users:0:Password"] = "wonderland",
            ["GamEmulator:Users:0:Roles:0"] = "Reader",
            ["GamEmulator:Users:0:Attributes:0:Id"] = "Team",
            ["GamEmulator:Users:0:Attributes:0:Value"] = "Blue",
            ["GamEmulator:Clients:0:ClientId"] = "cfg-client",
            ["GamEmulator:Clients:0:ClientSecret"] = "cfg-secret",
            ["GamEmulator:Clients:0:RedirectUris:0"] = "https://app.example/cb",
            ["GamEmulator:Clients:0:PkceMode"] = "Required",
        });
        var options = host.Emulator.Options;

        var token = host.Emulator.IssueToken("alice", "fullcontrol", "cfg-client");
        var userInfo = await EmulatorHost.JsonAsync(await host.UserInfoAsync(token.AccessToken), HttpStatusCode.OK);

        Assert.Equal(90, token.ExpiresIn);
        Assert.NotEqual(string.Empty, token.RefreshToken);
        Assert.Equal(2, options.MaxTokenRenewals);
        Assert.Equal(403, options.ExpiredTokenStatusCode);
        var user = Assert.Single(options.Users);
        Assert.Equal(["Reader"], user.Roles);
        Assert.Matches("^[0-9a-f-]{36}$", user.Guid);
        var client = Assert.Single(options.Clients);
        Assert.Equal(GamEmulatorPkceMode.Required, client.PkceMode);
        Assert.Equal(["https://app.example/cb"], client.RedirectUris);
        Assert.Equal("Blue", Assert.Single(userInfo.GetProperty("attributes").EnumerateArray()).GetProperty("Value").GetString());
        Assert.Throws<ArgumentException>(() => host.Emulator.IssueToken("demo"));
    }

    [Fact]
    public async Task Configure_delegate_runs_after_configuration()
    {
        await using var host = await EmulatorHost.StartAsync(
            o => o.AccessTokenLifetimeSeconds = 5,
            configuration: new Dictionary<string, string?> { ["GamEmulator:AccessTokenLifetimeSeconds"] = "90" });

        Assert.Equal(5, host.Emulator.Options.AccessTokenLifetimeSeconds);
    }

    [Fact]
    public async Task Demo_data_is_applied_when_nothing_is_configured()
    {
        await using var host = await EmulatorHost.StartAsync();
        var options = host.Emulator.Options;

        Assert.Equal(["demo", "admin", "otp"], options.Users.Select(u => u.UserName));
        Assert.Equal([GamEmulatorDefaults.DemoUserGuid, GamEmulatorDefaults.AdminUserGuid, GamEmulatorDefaults.OtpUserGuid], options.Users.Select(u => u.Guid));
        Assert.Equal([GamEmulatorDefaults.ClientId, GamEmulatorDefaults.PublicClientId], options.Clients.Select(c => c.ClientId));
        Assert.Equal(3600, options.AccessTokenLifetimeSeconds);
        Assert.Equal(0, options.MaxTokenRenewals);
        Assert.Equal(180, options.AuthorizationCodeLifetimeSeconds);
        Assert.Equal(43200, options.RefreshTokenLifetimeMinutes);
        Assert.True(options.RotateRefreshTokens);
        Assert.True(options.AllowAnyLoopbackRedirectUri);
    }

    [Fact]
    public void Invalid_options_fail_with_messages_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGamEmulator(o =>
        {
            o.ExpiredTokenStatusCode = 500;
            o.AuthorizationCodeLifetimeSeconds = 0;
            o.Clients.Add(new GamEmulatorClient { ClientId = "c", RedirectUris = ["not a uri"] });
        });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GamEmulator>());

        Assert.Contains("GamEmulator:ExpiredTokenStatusCode must be 401 or 403.", exception.Failures);
        Assert.Contains(exception.Failures, f => f.Contains("AuthorizationCodeLifetimeSeconds", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("'not a uri'", StringComparison.Ordinal));
    }

    [Fact]
    public void Works_without_a_registered_configuration()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGamEmulator();
        using var provider = services.BuildServiceProvider();

        var emulator = provider.GetRequiredService<GamEmulator>();

        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, emulator.IssueToken("demo").UserGuid);
    }

    [Fact]
    public async Task Options_time_provider_overrides_the_registered_clock()
    {
        var own = new FakeTimeProvider(EmulatorHost.ClockStart);
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.TimeProvider = own;
            o.AccessTokenLifetimeSeconds = 10;
        });
        var token = host.Emulator.IssueToken("demo").AccessToken;

        host.Clock.Advance(TimeSpan.FromHours(1));
        var stillValid = await host.UserInfoAsync(token);
        own.Advance(TimeSpan.FromSeconds(10));
        var expired = await host.UserInfoAsync(token);

        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.Equal("103", await EmulatorHost.ErrorCodeAsync(expired, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("/gam")]
    [InlineData("gam")]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/apps/idp/")]
    public async Task Routes_are_mounted_under_the_path_prefix(string prefix)
    {
        await using var host = await EmulatorHost.StartAsync(prefix: prefix);
        var normalized = "/" + prefix.Trim('/');
        var basePath = normalized == "/" ? string.Empty : normalized;

        var signIn = await host.Client.GetAsync(basePath + "/oauth/gam/signin?" + EmulatorHost.SignInQuery());
        var html = await signIn.Content.ReadAsStringAsync();
        var userInfo = await host.Client.GetAsync(basePath + "/oauth/gam/userinfo");

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(basePath + "/oauth/gam/signin", EmulatorHost.FormAction(html));
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        if (basePath.Length > 0)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/oauth/gam/userinfo")).StatusCode);
        }
    }

    [Fact]
    public async Task Routes_allow_anonymous_access_and_skip_antiforgery_in_a_protected_host_app()
    {
        await using var host = await EmulatorHost.StartAsync(
            host: builder =>
            {
                builder.Services.AddAuthentication();
                builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                builder.Services.AddAntiforgery();
            },
            pipeline: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseAntiforgery();
                app.MapGet("/private", () => "secret");
            });

        var code = await host.GetCodeAsync();
        var token = await EmulatorHost.JsonAsync(await host.ExchangeCodeAsync(code), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, (await host.UserInfoAsync(token.GetProperty("access_token").GetString()!)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await host.Client.GetAsync("/private")).StatusCode);
    }

    [Fact]
    public void Mapping_without_registration_explains_what_is_missing()
    {
        var app = WebApplication.CreateBuilder().Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapGamEmulator());

        Assert.Contains("AddGamEmulator", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_count_each_route_family_and_reset()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync();
        var token = (await EmulatorHost.JsonAsync(await host.ExchangeCodeAsync(code), HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
        await host.PasswordGrantAsync();
        await host.PostFormAsync("oauth/access_token", ("client_id", "nope"));
        await host.UserInfoAsync(token);
        await host.UserInfoAsync(token, "openid/userinfo");
        await host.UserInfoAsync("bad", "oauth/userinfo");
        await host.Client.GetAsync(host.Url("oauth/gam/signout?client_id=nope"));
        await host.Client.GetAsync(host.Url("oauth/logout"));

        var counts = Enum.GetValues<GamEmulatorEndpoint>().ToDictionary(e => e, host.Emulator.GetCallCount);
        host.Emulator.ResetCounters();

        Assert.Equal(2, counts[GamEmulatorEndpoint.SignIn]);
        Assert.Equal(3, counts[GamEmulatorEndpoint.Token]);
        Assert.Equal(3, counts[GamEmulatorEndpoint.UserInfo]);
        Assert.Equal(1, counts[GamEmulatorEndpoint.SignOut]);
        Assert.Equal(1, counts[GamEmulatorEndpoint.Logout]);
        Assert.All(Enum.GetValues<GamEmulatorEndpoint>(), e => Assert.Equal(0, host.Emulator.GetCallCount(e)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5070", "/gam", "http://127.0.0.1:5070/gam")]
    [InlineData("http://[::]:5070", "/", "http://localhost:5070")]
    [InlineData("http://+:8080", "gam/", "http://localhost:8080/gam")]
    [InlineData("https://0.0.0.0:5071/", "", "https://localhost:5071")]
    [InlineData("http://*:5070", "/oidc/2", "http://localhost:5070/oidc/2")]
    public void Authority_for_a_server_address_replaces_wildcard_hosts_and_adds_the_prefix(string address, string prefix, string expected)
    {
        Assert.Equal(expected, GamEmulatorUrls.AuthorityForAddress(address, prefix));
    }

    [Fact]
    public async Task Users_and_clients_can_be_added_at_run_time()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.AllowAnyLoopbackRedirectUri = false);
        host.Emulator.AddUser(new GamEmulatorUser { Guid = "11111111-2222-3333-4444-555555555555", UserName = "late", Password = "pw" });
        host.Emulator.AddClient(new GamEmulatorClient { ClientId = "late-client", RedirectUris = ["https://late.example/cb"] });

        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(clientId: "late-client", redirectUri: "https://late.example/cb"), "late", "pw");
        var token = await EmulatorHost.JsonAsync(await host.ExchangeCodeAsync(code, "late-client", null, "https://late.example/cb"), HttpStatusCode.OK);

        Assert.Equal("11111111-2222-3333-4444-555555555555", token.GetProperty("user_guid").GetString());
    }
}
