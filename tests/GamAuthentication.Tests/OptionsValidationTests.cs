using GamAuthentication.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tests;

/// <summary>Every bad setting gives a message that names it (and its configuration key); good ones pass.</summary>
public sealed class OptionsValidationTests
{
    private static List<string> Check(Action<GamOptions> change, string scheme = "Gam")
    {
        var options = GamOptionsHost.Resolve(scheme: scheme, configure: o =>
        {
            GamOptionsHost.Valid(o);
            change(o);
        }, services: s => s.RemoveAll<IValidateOptions<GamOptions>>());
        return GamOptionsValidator.Check(options, scheme);
    }

    [Fact]
    public void Valid_options_pass()
    {
        Assert.Empty(Check(_ => { }));
    }

    [Fact]
    public void Missing_ClientId_is_named()
    {
        var failure = Assert.Single(Check(o => o.ClientId = ""));
        Assert.Equal("GAM: ClientId (Authentication:Schemes:Gam:ClientId) is required: the Client ID of the GAM application.", failure);
    }

    [Fact]
    public void Missing_secret_without_pkce_is_named()
    {
        var failure = Assert.Single(Check(o =>
        {
            o.ClientSecret = string.Empty;
            o.UsePkce = false;
        }));
        Assert.Equal("GAM: ClientSecret (Authentication:Schemes:Gam:ClientSecret) is required unless UsePkce is true (a public client).", failure);
    }

    [Fact]
    public void Public_client_with_pkce_needs_no_secret()
    {
        Assert.Empty(Check(o =>
        {
            o.ClientSecret = string.Empty;
            o.UsePkce = true;
        }));
    }

    [Fact]
    public void Missing_authority_and_endpoints_is_named()
    {
        var failure = Assert.Single(Check(o => o.Authority = null));
        Assert.StartsWith("GAM: Authority (Authentication:Schemes:Gam:Authority) is required: the GAM base URL including its virtual directory", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_one_endpoint_without_authority_names_the_authority()
    {
        var failure = Assert.Single(Check(o =>
        {
            o.Authority = null;
            o.AuthorizationEndpoint = "https://a.example.com/signin";
            o.TokenEndpoint = "https://a.example.com/token";
        }));
        Assert.Contains("(or set UserInformationEndpoint explicitly)", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://idp.example.com/MyApp")]
    [InlineData("http://192.168.1.10/MyApp")]
    [InlineData("http://localhost.example.com/MyApp")]
    [InlineData("http://127.0.0.1.nip.io/MyApp")]
    public void Plain_http_authority_on_a_non_loopback_host_is_rejected(string authority)
    {
        var failure = Assert.Single(Check(o => o.Authority = authority));
        Assert.StartsWith("GAM: Authority (Authentication:Schemes:Gam:Authority) must use https", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost/MyApp")]
    [InlineData("http://LOCALHOST:8080/MyApp")]
    [InlineData("http://127.0.0.1:5080/MyApp")]
    [InlineData("http://127.10.0.1/MyApp")]
    [InlineData("http://[::1]:5080/MyApp")]
    [InlineData("https://idp.example.com/MyApp")]
    public void Https_or_loopback_http_authority_is_accepted(string authority)
    {
        Assert.Empty(Check(o => o.Authority = authority));
    }

    [Fact]
    public void Plain_http_is_accepted_anywhere_when_RequireHttpsEndpoints_is_off()
    {
        Assert.Empty(Check(o =>
        {
            o.Authority = "http://idp.internal/MyApp";
            o.RequireHttpsEndpoints = false;
        }));
    }

    [Theory]
    [InlineData("idp.example.com/MyApp")]
    [InlineData("/MyApp")]
    [InlineData("ftp://idp.example.com/MyApp")]
    public void Authority_that_is_not_an_absolute_http_url_is_rejected(string authority)
    {
        var failure = Assert.Single(Check(o => o.Authority = authority));
        Assert.StartsWith("GAM: Authority (Authentication:Schemes:Gam:Authority) must be an absolute http(s) URL", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(GamOptions.AuthorizationEndpoint))]
    [InlineData(nameof(GamOptions.TokenEndpoint))]
    [InlineData(nameof(GamOptions.UserInformationEndpoint))]
    [InlineData(nameof(GamOptions.EndSessionEndpoint))]
    public void Explicit_plain_http_endpoint_on_a_non_loopback_host_is_named(string endpoint)
    {
        var failure = Assert.Single(Check(o => typeof(GamOptions).GetProperty(endpoint)!.SetValue(o, "http://idp.example.com/x")));
        Assert.StartsWith($"GAM: {endpoint} (Authentication:Schemes:Gam:{endpoint}) must use https", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_callback_path_is_named()
    {
        var failure = Assert.Single(Check(o => o.CallbackPath = PathString.Empty));
        Assert.Equal("GAM: CallbackPath (Authentication:Schemes:Gam:CallbackPath) is required and must start with '/'.", failure);
    }

    [Fact]
    public void Zero_MaxResponseBytes_is_named()
    {
        var failure = Assert.Single(Check(o => o.MaxResponseBytes = 0));
        Assert.Contains("MaxResponseBytes (Authentication:Schemes:Gam:MaxResponseBytes)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_positive_BackchannelTimeout_is_named()
    {
        var failure = Assert.Single(Check(o => o.BackchannelTimeout = TimeSpan.Zero));
        Assert.Contains("BackchannelTimeout (Authentication:Schemes:Gam:BackchannelTimeout)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_EndpointProfile_is_named()
    {
        var failure = Assert.Single(Check(o => o.EndpointProfile = (GamEndpointProfile)42));
        Assert.Contains("EndpointProfile (Authentication:Schemes:Gam:EndpointProfile)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once_under_the_scheme_name()
    {
        var failures = Check(o =>
        {
            o.ClientId = null!;
            o.ClientSecret = string.Empty;
            o.UsePkce = false;
            o.Authority = "http://idp.example.com";
        }, scheme: "Corp");

        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.Contains("Authentication:Schemes:Corp:", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Resolving_invalid_options_throws_with_every_message()
    {
        using var provider = GamOptionsHost.Build(configure: o => o.Authority = "http://idp.example.com");

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IOptionsMonitor<GamOptions>>().Get("Gam"));

        Assert.Contains("Authentication:Schemes:Gam:ClientId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Gam:Authority", error.Message, StringComparison.Ordinal);
    }

    // ---- Startup validation --------------------------------------------------------------

    private static IHost BuildHost(Dictionary<string, string?> configuration, string scheme = "Gam", Action<GamOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication().AddGam(scheme, configure ?? (_ => { }));
        return builder.Build();
    }

    [Fact]
    public async Task Host_start_fails_naming_the_missing_setting()
    {
        using var host = BuildHost(new() { ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/MyApp" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("ClientId (Authentication:Schemes:Gam:ClientId) is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("{scheme}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_start_fails_naming_the_key_of_a_custom_scheme()
    {
        using var host = BuildHost(new()
        {
            ["Authentication:Schemes:Corp:Authority"] = "http://idp.example.com/MyApp",
            ["Authentication:Schemes:Corp:ClientId"] = "client",
        }, scheme: "Corp");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Authority (Authentication:Schemes:Corp:Authority) must use https", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("{scheme}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_with_valid_settings_starts()
    {
        using var host = BuildHost(new()
        {
            ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/MyApp",
            ["Authentication:Schemes:Gam:ClientId"] = "client",
            ["Authentication:Schemes:Gam:ClientSecret"] = "secret",
        });

        await host.StartAsync();
        await host.StopAsync();
        Assert.Equal("https://idp.example.com/MyApp/oauth/gam/access_token", host.Services.GetRequiredService<IOptionsMonitor<GamOptions>>().Get("Gam").TokenEndpoint);
    }

    [Fact]
    public async Task Host_start_fails_when_SignInScheme_is_the_gam_scheme_itself()
    {
        using var host = BuildHost(new()
        {
            ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/MyApp",
            ["Authentication:Schemes:Gam:ClientId"] = "client",
            ["Authentication:Schemes:Gam:SignInScheme"] = "Gam",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("SignInScheme", error.Message, StringComparison.Ordinal);
    }
}
