using GamAuthentication.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tests;

/// <summary>
/// Configuration mistakes surface at start-up, all of them at once, in one <see cref="OptionsValidationException"/>:
/// every scheme of AddGam() and AddGamBearer(), every token client, bad values and unknown keys alike.
/// </summary>
public sealed class StartupValidationTests
{
    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication().AddGam().AddGam("Partners").AddGamBearer("Orders").AddGamBearer();
        services?.Invoke(builder.Services, builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task Every_failure_of_every_scheme_and_client_is_reported_in_one_exception()
    {
        using var host = Build(
            new()
            {
                ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/App",
                ["Authentication:Schemes:Gam:MaxResponseBytes"] = "lots",
                ["Authentication:Schemes:Partners:Authority"] = "http://partners.example.com/App",
                ["Authentication:Schemes:Partners:ClientId"] = "p",
                ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App",
                ["Authentication:Schemes:GamBearer:CacheDurration"] = "00:05:00",
                ["Authentication:Schemes:Orders:Authority"] = "https://idp.example.com/App",
                ["Authentication:Schemes:Orders:CacheDuration"] = "-00:00:01",
                ["Tokens:Authority"] = "https://idp.example.com/App",
            },
            (services, configuration) => services.AddGamTokenClient("svc", configuration.GetSection("Tokens")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("GAM: ClientId (Authentication:Schemes:Gam:ClientId) is required: the Client ID of the GAM application.", error.Failures);
        Assert.Contains("GAM: configuration value 'Authentication:Schemes:Gam:MaxResponseBytes' must be an integer.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("GAM: Authority (Authentication:Schemes:Partners:Authority) must use https", StringComparison.Ordinal));
        Assert.Contains("GAM: unknown setting 'Authentication:Schemes:GamBearer:CacheDurration'; did you mean 'CacheDuration'?", error.Failures);
        Assert.Contains("GAM bearer: CacheDuration (Authentication:Schemes:Orders:CacheDuration) must not be negative.", error.Failures);
        Assert.Contains("GAM: ClientId (Tokens:ClientId) is required: the Client ID of the GAM application.", error.Failures);
        Assert.Equal(6, error.Failures.Count());
    }

    [Fact]
    public async Task Correct_settings_start()
    {
        using var host = Build(new()
        {
            ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:Gam:ClientId"] = "c",
            ["Authentication:Schemes:Gam:ClientSecret"] = "s",
            ["Authentication:Schemes:Partners:Authority"] = "https://partners.example.com/App",
            ["Authentication:Schemes:Partners:ClientId"] = "p",
            // Two sign-in schemes need paths of their own (the start-up check refuses shared ones).
            ["Authentication:Schemes:Partners:CallbackPath"] = "/signin-partners",
            ["Authentication:Schemes:Partners:SignedOutCallbackPath"] = "/signout-callback-partners",
            ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:Orders:Authority"] = "https://orders.example.com/App",
        });

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Two_sign_in_schemes_on_one_callback_path_stop_the_start_naming_both_keys()
    {
        using var host = Build(new()
        {
            ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:Gam:ClientId"] = "c",
            ["Authentication:Schemes:Gam:ClientSecret"] = "s",
            ["Authentication:Schemes:Partners:Authority"] = "https://partners.example.com/App",
            ["Authentication:Schemes:Partners:ClientId"] = "p",
            ["Authentication:Schemes:Partners:CallbackPath"] = "/SIGNIN-gam",
            ["Authentication:Schemes:Partners:SignedOutCallbackPath"] = "/signout-callback-partners",
            ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:Orders:Authority"] = "https://orders.example.com/App",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.Equal(
            "GAM: the path /signin-gam is used by more than one sign-in scheme (Authentication:Schemes:Gam:CallbackPath, Authentication:Schemes:Partners:CallbackPath); " +
            "give each AddGam() scheme its own CallbackPath and SignedOutCallbackPath.",
            failure);
    }

    [Theory]
    [InlineData("ClientSecrt", "did you mean 'ClientSecret'?")]
    [InlineData("clientid2", "did you mean 'ClientId'?")]
    [InlineData("Autority", "did you mean 'Authority'?")]
    [InlineData("CorrelationCookie:SameSite", "it is not read.")]
    [InlineData("Nonsense", "it is not read.")]
    public void An_unknown_key_of_a_scheme_is_a_failure_with_the_key_it_probably_meant(string key, string hint)
    {
        using var provider = Infrastructure.GamOptionsHost.Build(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:Gam:ClientId"] = "c",
            ["Authentication:Schemes:Gam:ClientSecret"] = "s",
            ["Authentication:Schemes:Gam:" + key] = "x",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<GamOptions>>().Get(GamDefaults.AuthenticationScheme));

        var failure = Assert.Single(error.Failures);
        Assert.Equal($"GAM: unknown setting 'Authentication:Schemes:Gam:{key.Split(':')[0]}'; {hint}", failure);
    }

    [Fact]
    public void Keys_match_ignoring_case_as_configuration_does()
    {
        var options = Infrastructure.GamOptionsHost.Resolve(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Gam:authority"] = "https://idp.example.com/App",
            ["Authentication:Schemes:Gam:CLIENTID"] = "c",
            ["Authentication:Schemes:Gam:clientSecret"] = "s",
        });

        Assert.Equal("c", options.ClientId);
    }

    [Fact]
    public void Every_key_of_the_framework_scheme_options_is_known()
    {
        var keys = GamOptionsKeys.Map.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Superset(new HashSet<string>(["ClaimsIssuer", "ForwardDefault", "SignInScheme", "CallbackPath", "SaveTokens", "RemoteAuthenticationTimeout", "BackchannelTimeout", "UsePkce", "Scope"], StringComparer.OrdinalIgnoreCase), keys);
    }
}
