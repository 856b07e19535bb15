using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer.Tests;

/// <summary>Options bind from Authentication:Schemes:{scheme}, derive endpoints like AddGam(), and are validated at start-up with messages that name the setting.</summary>
public sealed class BearerOptionsTests
{
    [Fact]
    public void Every_setting_binds_from_the_scheme_section()
    {
        using var app = Build(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:GamBearer:EndpointProfile"] = "RestIdp",
            ["Authentication:Schemes:GamBearer:UserInformationTokenStyle"] = "OAuth",
            ["Authentication:Schemes:GamBearer:RequireHttpsEndpoints"] = "false",
            ["Authentication:Schemes:GamBearer:MaxResponseBytes"] = "1000",
            ["Authentication:Schemes:GamBearer:BackchannelTimeout"] = "00:00:03",
            ["Authentication:Schemes:GamBearer:ClaimsIssuer"] = "issuer",
            ["Authentication:Schemes:GamBearer:Realm"] = "realm",
            ["Authentication:Schemes:GamBearer:IncludeErrorDetails"] = "false",
            ["Authentication:Schemes:GamBearer:SaveToken"] = "false",
            ["Authentication:Schemes:GamBearer:AllowOAuthScheme"] = "true",
            ["Authentication:Schemes:GamBearer:AllowBareToken"] = "true",
            ["Authentication:Schemes:GamBearer:MaxTokenLength"] = "100",
            ["Authentication:Schemes:GamBearer:AdditionalTokenCharacters"] = ":|",
            ["Authentication:Schemes:GamBearer:CacheDuration"] = "00:02:00",
            ["Authentication:Schemes:GamBearer:NegativeCacheDuration"] = "00:00:05",
            ["Authentication:Schemes:GamBearer:EnableMemoryCache"] = "false",
            ["Authentication:Schemes:GamBearer:MemoryCacheSizeLimit"] = "5000000000",
            ["Authentication:Schemes:GamBearer:EnableDistributedCache"] = "false",
            ["Authentication:Schemes:GamBearer:DistributedCacheKeyPrefix"] = "api1:",
            ["Authentication:Schemes:GamBearer:ProtectDistributedCache"] = "false",
            ["Authentication:Schemes:GamBearer:DistributedCacheTimeout"] = "00:00:01",
            ["Authentication:Schemes:GamBearer:DistributedCacheFailureBackoff"] = "00:01:00",
            ["Authentication:Schemes:GamBearer:UnavailableRetryAfter"] = "00:00:07",
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<GamBearerOptions>>().Get(GamBearerDefaults.AuthenticationScheme);

        Assert.Equal("https://idp.example.com/App", options.Authority);
        Assert.Equal(GamEndpointProfile.RestIdp, options.EndpointProfile);
        Assert.Equal("https://idp.example.com/App/oauth/gam/v2.0/userinfo", options.UserInformationEndpoint);
        Assert.Equal(GamTokenStyle.OAuth, options.EffectiveUserInformationTokenStyle);
        Assert.False(options.RequireHttpsEndpoints);
        Assert.Equal(1000, options.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromSeconds(3), options.BackchannelTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Backchannel!.Timeout);
        Assert.Equal("issuer", options.ClaimsIssuer);
        Assert.Equal("realm", options.Realm);
        Assert.False(options.IncludeErrorDetails);
        Assert.False(options.SaveToken);
        Assert.True(options.AllowOAuthScheme);
        Assert.True(options.AllowBareToken);
        Assert.Equal(100, options.MaxTokenLength);
        Assert.Equal(":|", options.AdditionalTokenCharacters);
        Assert.Equal(TimeSpan.FromMinutes(2), options.CacheDuration);
        Assert.Equal(TimeSpan.FromSeconds(5), options.NegativeCacheDuration);
        Assert.False(options.EnableMemoryCache);
        Assert.Equal(5_000_000_000, options.MemoryCacheSizeLimit);
        Assert.False(options.EnableDistributedCache);
        Assert.Equal("api1:", options.EffectiveDistributedCacheKeyPrefix(GamBearerDefaults.AuthenticationScheme));
        Assert.False(options.ProtectDistributedCache);
        Assert.Equal(TimeSpan.FromSeconds(1), options.DistributedCacheTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.DistributedCacheFailureBackoff);
        Assert.Equal(TimeSpan.FromSeconds(7), options.UnavailableRetryAfter);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new GamBearerOptions();

        Assert.Equal(TimeSpan.FromMinutes(1), options.CacheDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), options.NegativeCacheDuration);
        Assert.Equal(4096, options.MaxTokenLength);
        Assert.True(options.EnableMemoryCache);
        Assert.Null(options.EnableDistributedCache);
        Assert.True(options.ProtectDistributedCache);
        Assert.True(options.IncludeErrorDetails);
        Assert.True(options.SaveToken);
        Assert.False(options.AllowOAuthScheme);
        Assert.False(options.AllowBareToken);
        Assert.Equal(TimeSpan.FromSeconds(5), options.UnavailableRetryAfter);
        Assert.StartsWith("GamAuthentication:Bearer:Api:", options.EffectiveDistributedCacheKeyPrefix("Api"), StringComparison.Ordinal);
        Assert.NotEmpty(options.ClaimActions);
    }

    [Fact]
    public void The_default_key_prefix_names_the_scheme_and_the_userinfo_endpoint_and_a_set_prefix_is_used_as_given()
    {
        var options = new GamBearerOptions { UserInformationEndpoint = "https://idp.example.com/App/oauth/gam/userinfo" };
        var other = new GamBearerOptions { UserInformationEndpoint = "https://other.example.com/App/oauth/gam/userinfo" };
        var custom = new GamBearerOptions { UserInformationEndpoint = options.UserInformationEndpoint, DistributedCacheKeyPrefix = "mine:" };

        Assert.Equal("GamAuthentication:Bearer:Api:" + DistributedKeys.EndpointId(options.UserInformationEndpoint) + ":", options.EffectiveDistributedCacheKeyPrefix("Api"));
        Assert.Equal(8, DistributedKeys.EndpointId(options.UserInformationEndpoint).Length);
        Assert.NotEqual(options.EffectiveDistributedCacheKeyPrefix("Api"), other.EffectiveDistributedCacheKeyPrefix("Api"));
        Assert.Equal("mine:", custom.EffectiveDistributedCacheKeyPrefix("Api"));
    }

    [Fact]
    public void With_a_discovered_userinfo_endpoint_the_default_key_prefix_names_the_metadata_address()
    {
        GamBearerOptions Oidc(string? authority, string? metadata = null) => new() { EndpointProfile = GamEndpointProfile.OpenIdConnect, Authority = authority, MetadataAddress = metadata };

        var a = Oidc("https://a.onelogin.com/oidc/2");
        var b = Oidc("https://b.onelogin.com/oidc/2");
        var explicitDocument = Oidc("https://a.onelogin.com/oidc/2", "https://a.onelogin.com/oidc/2/.well-known/openid-configuration");

        Assert.Equal("GamAuthentication:Bearer:Api:" + DistributedKeys.EndpointId("https://a.onelogin.com/oidc/2/.well-known/openid-configuration") + ":", a.EffectiveDistributedCacheKeyPrefix("Api"));
        Assert.NotEqual(a.EffectiveDistributedCacheKeyPrefix("Api"), b.EffectiveDistributedCacheKeyPrefix("Api"));
        Assert.Equal(a.EffectiveDistributedCacheKeyPrefix("Api"), explicitDocument.EffectiveDistributedCacheKeyPrefix("Api"));
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, "https://idp.example.com/App/oauth/gam/userinfo", GamTokenStyle.Raw)]
    [InlineData(GamEndpointProfile.RestIdp, "https://idp.example.com/App/oauth/gam/v2.0/userinfo", GamTokenStyle.Raw)]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, "https://idp.example.com/App/openid/userinfo", GamTokenStyle.Bearer)]
    public void Userinfo_endpoint_and_token_style_follow_the_profile(GamEndpointProfile profile, string endpoint, GamTokenStyle style)
    {
        using var app = Build(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App/",
            ["Authentication:Schemes:GamBearer:EndpointProfile"] = profile.ToString(),
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<GamBearerOptions>>().Get(GamBearerDefaults.AuthenticationScheme);

        Assert.Equal(endpoint, options.UserInformationEndpoint);
        Assert.Equal(style, options.EffectiveUserInformationTokenStyle);
    }

    [Fact]
    public void An_explicit_userinfo_endpoint_wins_over_the_authority()
    {
        using var app = Build(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:GamBearer:UserInformationEndpoint"] = "https://other.example.com/userinfo",
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<GamBearerOptions>>().Get(GamBearerDefaults.AuthenticationScheme);

        Assert.Equal("https://other.example.com/userinfo", options.UserInformationEndpoint);
    }

    [Fact]
    public void Code_configuration_runs_after_binding()
    {
        using var app = Build(
            new Dictionary<string, string?> { ["Authentication:Schemes:GamBearer:Authority"] = "https://config.example.com/App" },
            o => o.Authority = "https://code.example.com/App");

        var options = app.Services.GetRequiredService<IOptionsMonitor<GamBearerOptions>>().Get(GamBearerDefaults.AuthenticationScheme);

        Assert.Equal("https://code.example.com/App", options.Authority);
    }

    public static TheoryData<Dictionary<string, string?>, string> InvalidSettings() => new()
    {
        { new(), "GAM: Authority (Authentication:Schemes:GamBearer:Authority) is required" },
        { new() { ["Authentication:Schemes:GamBearer:Authority"] = "http://idp.example.com/App" }, "GAM: Authority (Authentication:Schemes:GamBearer:Authority) must use https" },
        { new() { ["Authentication:Schemes:GamBearer:Authority"] = "not a url" }, "GAM: Authority (Authentication:Schemes:GamBearer:Authority) must be an absolute http(s) URL" },
        { new() { ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App", ["Authentication:Schemes:GamBearer:CacheDuration"] = "-00:00:01" }, "GAM bearer: CacheDuration (Authentication:Schemes:GamBearer:CacheDuration) must not be negative." },
        { new() { ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App", ["Authentication:Schemes:GamBearer:MaxTokenLength"] = "0" }, "GAM bearer: MaxTokenLength (Authentication:Schemes:GamBearer:MaxTokenLength) must be greater than zero." },
        { new() { ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App", ["Authentication:Schemes:GamBearer:AdditionalTokenCharacters"] = ": " }, "GAM bearer: AdditionalTokenCharacters (Authentication:Schemes:GamBearer:AdditionalTokenCharacters) may hold only visible ASCII characters" },
        { new() { ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App", ["Authentication:Schemes:GamBearer:BackchannelTimeout"] = "00:00:00" }, "GAM bearer: BackchannelTimeout (Authentication:Schemes:GamBearer:BackchannelTimeout) must be greater than zero." },
        { new() { ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App", ["Authentication:Schemes:GamBearer:EnableDistributedCache"] = "true" }, "GAM bearer: EnableDistributedCache (Authentication:Schemes:GamBearer:EnableDistributedCache) is true but no IDistributedCache is registered" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Invalid_settings_stop_the_app_at_start_up_naming_the_setting(Dictionary<string, string?> settings, string message)
    {
        await using var app = Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_parse_names_its_configuration_key()
    {
        await using var app = Build(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:GamBearer:CacheDuration"] = "one minute",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("'Authentication:Schemes:GamBearer:CacheDuration' must be a time span", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_backchannel_is_the_named_client_from_IHttpClientFactory()
    {
        await using var gam = await GamTestServer.StartAsync();
        var viaFactory = 0;
        await using var api = await ApiTestHost.StartAsync(gam, useFaultHandler: false, services: services =>
            services.AddHttpClient(GamDefaults.BackchannelClientName(GamBearerDefaults.AuthenticationScheme))
                .ConfigurePrimaryHttpMessageHandler(() =>
                {
                    viaFactory++;
                    return gam.CreateHandler();
                }));

        using var response = await api.GetWithTokenAsync("/me", gam.IssueToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, viaFactory);
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, null, "/gam/oauth/gam/userinfo", "{token}")]
    [InlineData(GamEndpointProfile.RestIdp, GamTokenStyle.OAuth, "/gam/oauth/gam/v2.0/userinfo", "OAuth {token}")]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, null, "/gam/openid/userinfo", "Bearer {token}")]
    public async Task Userinfo_is_called_as_the_profile_and_token_style_say(GamEndpointProfile profile, GamTokenStyle? style, string path, string authorization)
    {
        await using var gam = await GamTestServer.StartAsync();
        HttpRequestMessage? sent = null;
        await using var api = await ApiTestHost.StartAsync(gam, o =>
        {
            o.EndpointProfile = profile;
            o.UserInformationTokenStyle = style;
        });
        var inner = api.Faults.Fault;
        api.Faults.Fault = (request, cancellationToken) =>
        {
            sent = request;
            return FaultInjectingHandler.Respond(HttpStatusCode.OK, "{\"sub\":\"s-1\"}")(request, cancellationToken);
        };
        var token = gam.IssueToken();

        using var response = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path, sent!.RequestUri!.AbsolutePath);
        Assert.Equal(authorization.Replace("{token}", token, StringComparison.Ordinal), string.Join(",", sent.Headers.GetValues("Authorization")));
    }

    private static WebApplication Build(Dictionary<string, string?> settings, Action<GamBearerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(TestHostRoot.Options());
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAuthentication().AddGamBearer(o => configure?.Invoke(o));
        return builder.Build();
    }
}
