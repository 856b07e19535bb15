using GamAuthentication.Bearer;
using GamAuthentication.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>The OpenID Connect profile binds from configuration and says clearly what is missing.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void The_profile_without_the_openid_connect_library_names_the_package_and_the_call()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<GamOptions>(Settings("Oidc"), addLibrary: false, s => s.AddAuthentication().AddGam("Oidc")));

        Assert.Contains("GamAuthentication.OpenIdConnect", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AddGamOpenIdConnect()", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Oidc:EndpointProfile", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_profile_without_authority_or_metadata_address_says_which_settings_to_set()
    {
        var settings = Settings("Oidc");
        settings.Remove("Authentication:Schemes:Oidc:Authority");

        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<GamOptions>(settings, addLibrary: true, s => s.AddAuthentication().AddGam("Oidc")));

        Assert.Contains("Authentication:Schemes:Oidc:Authority", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Oidc:MetadataAddress", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authority", "http://idp.example.com/oidc/2")]
    [InlineData("MetadataAddress", "http://idp.example.com/oidc/2/.well-known/openid-configuration")]
    public void A_plain_http_provider_outside_loopback_is_refused(string setting, string value)
    {
        var settings = Settings("Oidc");
        settings["Authentication:Schemes:Oidc:" + setting] = value;

        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<GamOptions>(settings, addLibrary: true, s => s.AddAuthentication().AddGam("Oidc")));

        Assert.Contains($"Authentication:Schemes:Oidc:{setting}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("https", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_profile_binds_from_configuration_and_uses_openid_connect_scopes_and_bearer_tokens()
    {
        var settings = Settings("Oidc");
        settings["Authentication:Schemes:Oidc:MetadataAddress"] = "https://idp.example.com/custom/openid-configuration";

        var options = Resolve<GamOptions>(settings, addLibrary: true, s => s.AddAuthentication().AddGam("Oidc"));

        Assert.Equal(GamEndpointProfile.OpenIdConnect, options.EndpointProfile);
        Assert.Equal("https://idp.example.com/custom/openid-configuration", options.MetadataAddress);
        Assert.Equal(["email", "openid", "profile"], options.Scope.Order());
        Assert.Null(options.TokenEndpoint);
        Assert.Null(options.UserInformationEndpoint);
    }

    [Fact]
    public void A_bearer_scheme_with_an_explicit_userinfo_endpoint_needs_no_openid_connect_library()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Api:EndpointProfile"] = "OpenIdConnect",
            ["Authentication:Schemes:Api:UserInformationEndpoint"] = "https://example.onelogin.com/oidc/2/me",
        };

        var options = Resolve<GamBearerOptions>(settings, addLibrary: false, s => s.AddAuthentication().AddGamBearer("Api"), "Api");

        Assert.Equal("https://example.onelogin.com/oidc/2/me", options.UserInformationEndpoint);
    }

    private static Dictionary<string, string?> Settings(string scheme) => new()
    {
        [$"Authentication:Schemes:{scheme}:Authority"] = "https://example.onelogin.com/oidc/2",
        [$"Authentication:Schemes:{scheme}:ClientId"] = GamEmulatorDefaults.ClientId,
        [$"Authentication:Schemes:{scheme}:ClientSecret"] = GamEmulatorDefaults.ClientSecret,
        [$"Authentication:Schemes:{scheme}:EndpointProfile"] = "OpenIdConnect",
    };

    private static TOptions Resolve<TOptions>(Dictionary<string, string?> settings, bool addLibrary, Action<IServiceCollection> register, string scheme = "Oidc")
        where TOptions : class
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddDataProtection();
        if (addLibrary)
        {
            services.AddGamOpenIdConnect();
        }

        register(services);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(scheme);
    }
}
