using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens.Tests;

/// <summary>Bad arguments fail before any request, naming the argument; secrets never reach messages or logs.</summary>
public sealed class ArgumentValidationTests
{
    private static (GamTokenClient Client, StubHandler Stub) Client(Action<GamTokenClientOptions>? configure = null)
    {
        var stub = StubHandler.Json(HttpStatusCode.OK, "{\"access_token\":\"t\"}");
        var options = new GamTokenClientOptions { Authority = "https://gam.example.com/app", ClientId = "client" };
        configure?.Invoke(options);
        return (new GamTokenClient(new HttpClient(stub), options), stub);
    }

    public static TheoryData<string, Func<GamTokenClient, Task>> BadArguments => new()
    {
        { "userName", c => c.RequestPasswordTokenAsync("", "pw") },
        { "userName", c => c.RequestPasswordTokenAsync("  ", "pw") },
        { "password", c => c.RequestPasswordTokenAsync("demo", "") },
        { "request.UserName", c => c.RequestPasswordTokenAsync(new GamPasswordTokenRequest { Password = "pw" }) },
        { "request.Password", c => c.RequestPasswordTokenAsync(new GamPasswordTokenRequest { UserName = "demo" }) },
        { "request", c => c.RequestPasswordTokenAsync(new GamPasswordTokenRequest("demo", "pw") { AdditionalParameters = "[1,2]" }) },
        { "apiKey", c => c.RequestApiKeyTokenAsync("") },
        { "request.ApiKey", c => c.RequestApiKeyTokenAsync(new GamApiKeyTokenRequest()) },
        { "refreshToken", c => c.RefreshTokenAsync(" ") },
        { "oneTimePassword", c => c.CompleteSecondFactorAsync(new GamPasswordTokenRequest("demo", "pw"), "") },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Empty_credentials_fail_before_any_request_naming_the_argument(string parameter, Func<GamTokenClient, Task> act)
    {
        var (client, stub) = Client();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => act(client));

        Assert.Equal(parameter, error.ParamName);
        Assert.Equal(0, stub.Calls);
    }

    [Theory]
    [InlineData("http://gam.example.com/app", "Authority", "https")]
    [InlineData("not a url", "Authority", "absolute")]
    [InlineData(null, "Authority", "required")]
    public void Bad_authority_fails_at_construction_naming_the_setting(string? authority, string setting, string why)
    {
        var error = Assert.Throws<ArgumentException>(() => Client(o => o.Authority = authority));

        Assert.Contains(setting, error.Message);
        Assert.Contains(why, error.Message);
        Assert.Equal("options", error.ParamName);
    }

    [Theory]
    [InlineData("http://localhost:5080/gam")]
    [InlineData("http://127.0.0.1:5080/gam")]
    [InlineData("http://[::1]:5080/gam")]
    public void Plain_http_is_accepted_on_loopback(string authority)
    {
        var (client, _) = Client(o => o.Authority = authority);

        Assert.Equal(new Uri(authority + "/oauth/gam/v2.0/access_token"), client.TokenEndpoint);
    }

    [Fact]
    public void Missing_client_id_fails_naming_ClientId()
    {
        var error = Assert.Throws<ArgumentException>(() => Client(o => o.ClientId = null));

        Assert.Contains("ClientId", error.Message);
    }

    [Fact]
    public void An_explicit_token_endpoint_wins_over_the_authority()
    {
        var (client, _) = Client(o => { o.Authority = null; o.TokenEndpoint = "https://other.example.com/token"; });

        Assert.Equal(new Uri("https://other.example.com/token"), client.TokenEndpoint);
    }

    [Fact]
    public async Task Secrets_and_tokens_never_appear_in_exception_messages_or_log_lines()
    {
        const string Password = "Pa55-word-never-logged";
        const string Secret = "client-secret-never-logged";
        const string ApiKey = "api-key-never-logged";
        await using var host = await TokensHost.StartAsync();
        host.Emulator.AddUser(new GamEmulatorUser { UserName = "svc", Password = Password, ApiKeys = { new GamEmulatorApiKey { Key = ApiKey } } });
        host.Emulator.AddClient(new GamEmulatorClient { ClientId = "secretive", ClientSecret = Secret });
        var client = new GamTokenClient(host.CreateClient(), new GamTokenClientOptions { Authority = TokensHost.Authority, ClientId = "secretive", ClientSecret = Secret },
            host.Clock, host.Services.GetRequiredService<ILogger<GamTokenClient>>());

        var good = (await client.RequestPasswordTokenAsync("svc", Password)).EnsureSuccess();
        var keyToken = (await client.RequestApiKeyTokenAsync(ApiKey)).EnsureSuccess();
        var wrong = await client.RequestPasswordTokenAsync("svc", Password + "x");
        var exception = Assert.Throws<GamAuthenticationException>(() => wrong.EnsureSuccess());
        var refused = await client.RefreshTokenAsync("refresh-token-never-logged");

        string[] secrets = [Password, Secret, ApiKey, good.AccessToken, keyToken.AccessToken, "refresh-token-never-logged"];
        string[] texts = [exception.Message, wrong.Reason, wrong.ToString(), refused.Reason, good.ToString(), .. host.Logs.Lines()];
        Assert.Contains(host.Logs.Lines(), l => l.Contains("GAM token client", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Registered_token_client_with_bad_settings_fails_at_start_naming_the_configuration_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gam:Tokens:Authority"] = "http://gam.example.com/app",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGamTokenClient("", configuration.GetSection("Gam:Tokens"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<GamTokenClientOptions>>().Get(""));

        Assert.Contains("Gam:Tokens:Authority", error.Message);
        Assert.Contains("Gam:Tokens:ClientId", error.Message);
    }

    [Fact]
    public void Unparseable_configuration_values_name_their_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Svc:Authority"] = "https://gam.example.com/app",
            ["Svc:ClientId"] = "c",
            ["Svc:ApiKey"] = "k",
            ["Svc:RefreshBeforeExpiry"] = "soon",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient("svc").AddGamClientAccessToken(configuration.GetSection("Svc"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<GamClientAccessTokenOptions>>().Get("svc"));

        Assert.Contains("Svc:RefreshBeforeExpiry", error.Message);
    }

    [Fact]
    public async Task Default_token_client_is_injectable_and_bound_from_configuration()
    {
        await using var host = await TokensHost.StartAsync(services: b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GamTokenClient:Authority"] = TokensHost.Authority,
                ["GamTokenClient:ClientId"] = GamEmulatorDefaults.ClientId,
                ["GamTokenClient:ClientSecret"] = GamEmulatorDefaults.ClientSecret,
                ["GamTokenClient:Scope"] = "gam_user_data",
            });
            b.Services.AddGamTokenClient("", b.Configuration.GetSection("GamTokenClient"));
        });

        var client = host.Services.GetRequiredService<GamTokenClient>();
        var token = (await client.RequestPasswordTokenAsync("demo", "demo")).EnsureSuccess();

        Assert.Equal(["gam_user_data"], token.Scopes);
    }

    [Fact]
    public async Task Named_token_clients_come_from_the_factory()
    {
        await using var host = await TokensHost.StartAsync(services: b =>
        {
            b.Services.AddGamTokenClient("geai", o =>
            {
                o.Authority = TokensHost.Authority;
                o.EndpointProfile = GamEndpointProfile.GlobantEnterpriseAI;
                o.ClientId = GamEmulatorDefaults.PublicClientId;
            });
        });

        var client = host.Services.GetRequiredService<GamTokenClientFactory>().Create("geai");

        Assert.Equal(new Uri(TokensHost.Authority + "/oauth/access_token"), client.TokenEndpoint);
        Assert.True((await client.RequestPasswordTokenAsync("demo", "demo")).IsSuccess);
    }
}
