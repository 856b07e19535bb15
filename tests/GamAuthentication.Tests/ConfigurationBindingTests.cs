using GamAuthentication.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tests;

/// <summary>Options bind from <c>Authentication:Schemes:{scheme}</c>; code given to <c>AddGam</c> wins.</summary>
public sealed class ConfigurationBindingTests
{
    private static Dictionary<string, string?> Section(string scheme, params (string Key, string? Value)[] values)
    {
        var dictionary = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"Authentication:Schemes:{scheme}:Authority"] = "https://idp.example.com/MyApp",
            [$"Authentication:Schemes:{scheme}:ClientId"] = "config-client",
            [$"Authentication:Schemes:{scheme}:ClientSecret"] = "config-secret",
        };
        foreach (var (key, value) in values)
        {
            dictionary[$"Authentication:Schemes:{scheme}:{key}"] = value;
        }

        return dictionary;
    }

    [Fact]
    public void Every_documented_setting_binds_from_the_default_scheme_section()
    {
        var options = GamOptionsHost.Resolve(Section("Gam",
            ("EndpointProfile", "RestIdp"),
            ("UserInformationTokenStyle", "Bearer"),
            ("Scope:0", "gam_user_data"),
            ("Scope:1", "gam_user_additional_data"),
            ("AdditionalAuthorizationParameters:authentication_type_name", "local"),
            ("AdditionalAuthorizationParameters:prompt", "login"),
            ("Repository", "ae47229f-e133-42d1-87e0-c5ac59e51edf"),
            ("UseLegacyAuthorizationParameter", "true"),
            ("CallbackPath", "/auth/gam-callback"),
            ("MaxResponseBytes", "65536"),
            ("BackchannelTimeout", "00:00:07"),
            ("RemoteAuthenticationTimeout", "00:05:00"),
            ("SaveTokens", "false"),
            ("RequireHttpsEndpoints", "false"),
            ("SignInScheme", "External")));

        Assert.Equal("https://idp.example.com/MyApp", options.Authority);
        Assert.Equal("config-client", options.ClientId);
        Assert.Equal("config-secret", options.ClientSecret);
        Assert.Equal(GamEndpointProfile.RestIdp, options.EndpointProfile);
        Assert.Equal("https://idp.example.com/MyApp/oauth/gam/v2.0/access_token", options.TokenEndpoint);
        Assert.Equal(GamTokenStyle.Bearer, options.UserInformationTokenStyle);
        Assert.Equal(["gam_user_data", "gam_user_additional_data"], options.Scope);
        Assert.Equal("local", options.AdditionalAuthorizationParameters["authentication_type_name"]);
        Assert.Equal("login", options.AdditionalAuthorizationParameters["prompt"]);
        Assert.Equal("ae47229f-e133-42d1-87e0-c5ac59e51edf", options.Repository);
        Assert.True(options.UseLegacyAuthorizationParameter);
        Assert.Equal("/auth/gam-callback", options.CallbackPath.Value);
        Assert.Equal(65536, options.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromSeconds(7), options.BackchannelTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RemoteAuthenticationTimeout);
        Assert.False(options.SaveTokens);
        Assert.False(options.RequireHttpsEndpoints);
        Assert.Equal("External", options.SignInScheme);
    }

    [Fact]
    public void Settings_bind_from_the_section_of_a_custom_scheme_only()
    {
        var configuration = Section("Corp", ("EndpointProfile", "GlobantEnterpriseAI"));
        configuration["Authentication:Schemes:Gam:ClientId"] = "the-other-scheme";

        var options = GamOptionsHost.Resolve(configuration, scheme: "Corp");

        Assert.Equal("config-client", options.ClientId);
        Assert.Equal(GamEndpointProfile.GlobantEnterpriseAI, options.EndpointProfile);
        Assert.Equal("https://idp.example.com/MyApp/openid/userinfo", options.UserInformationEndpoint);
    }

    [Theory]
    [InlineData("gam_user_data gam_user_roles", new[] { "gam_user_data", "gam_user_roles" })]
    [InlineData("  gam_user_data   gam_user_additional_data ", new[] { "gam_user_data", "gam_user_additional_data" })]
    [InlineData("gam_user_data,session_initial_prop", new[] { "gam_user_data", "session_initial_prop" })]
    [InlineData("user_email", new[] { "user_email" })]
    public void Scope_binds_from_a_space_separated_string(string value, string[] expected)
    {
        var options = GamOptionsHost.Resolve(Section("Gam", ("Scope", value)));

        Assert.Equal(expected, options.Scope);
    }

    [Fact]
    public void Scope_from_configuration_replaces_the_default_scopes()
    {
        Assert.Equal(["gam_user_data", "gam_user_roles"], GamOptionsHost.Resolve(Section("Gam")).Scope);
        Assert.Equal(["fullcontrol"], GamOptionsHost.Resolve(Section("Gam", ("Scope:0", "fullcontrol"))).Scope);
    }

    [Theory]
    [InlineData("webidp", GamEndpointProfile.WebIdp)]
    [InlineData("RESTIDP", GamEndpointProfile.RestIdp)]
    [InlineData(" GlobantEnterpriseAI ", GamEndpointProfile.GlobantEnterpriseAI)]
    public void Enum_values_bind_ignoring_case_and_spaces(string value, GamEndpointProfile expected)
    {
        Assert.Equal(expected, GamOptionsHost.Resolve(Section("Gam", ("EndpointProfile", value))).EndpointProfile);
    }

    [Theory]
    [InlineData("EndpointProfile", "Azure", "must be one of WebIdp, RestIdp, GlobantEnterpriseAI, OpenIdConnect")]
    [InlineData("EndpointProfile", "7", "must be one of WebIdp, RestIdp, GlobantEnterpriseAI, OpenIdConnect")]
    [InlineData("UserInformationTokenStyle", "Basic", "must be one of Raw, OAuth, Bearer, FormPost")]
    [InlineData("UseLegacyAuthorizationParameter", "yes", "must be true or false")]
    [InlineData("MaxResponseBytes", "256KB", "must be an integer")]
    [InlineData("BackchannelTimeout", "soon", "must be a time span")]
    public void Bad_configuration_value_gives_an_error_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.ThrowsAny<Exception>(() => GamOptionsHost.Resolve(Section("Gam", (key, value))));

        Assert.Contains($"'Authentication:Schemes:Gam:{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signin-gam")]
    [InlineData("https://app.example.com/signin-gam")]
    public void Callback_path_without_a_leading_slash_gives_an_error_naming_the_key(string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => GamOptionsHost.Resolve(Section("Corp", ("CallbackPath", value)), scheme: "Corp"));

        Assert.Contains("Authentication:Schemes:Corp:CallbackPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configuration_value_stops_the_host_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Section("Gam", ("EndpointProfile", "Azure")));
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication().AddGam();
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("'Authentication:Schemes:Gam:EndpointProfile'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_delegate_wins_over_configuration()
    {
        var options = GamOptionsHost.Resolve(
            Section("Gam", ("EndpointProfile", "RestIdp"), ("Scope", "gam_user_data")),
            configure: o =>
            {
                o.ClientId = "code-client";
                o.EndpointProfile = GamEndpointProfile.WebIdp;
                o.Scope.Add("gam_user_roles");
            });

        Assert.Equal("code-client", options.ClientId);
        Assert.Equal("config-secret", options.ClientSecret);
        Assert.Equal(GamEndpointProfile.WebIdp, options.EndpointProfile);
        Assert.Equal("https://idp.example.com/MyApp/oauth/gam/access_token", options.TokenEndpoint);
        Assert.Equal(["gam_user_data", "gam_user_roles"], options.Scope);
    }

    [Fact]
    public void Missing_section_leaves_the_defaults()
    {
        var options = GamOptionsHost.Resolve(configure: GamOptionsHost.Valid);

        Assert.Equal(GamEndpointProfile.WebIdp, options.EndpointProfile);
        Assert.Equal("/signin-gam", options.CallbackPath.Value);
        Assert.True(options.UsePkce);
        Assert.True(options.SaveTokens);
        Assert.Equal(["gam_user_data", "gam_user_roles"], options.Scope);
        Assert.Equal(GamDefaults.MaxResponseBytes, options.MaxResponseBytes);
    }

    [Fact]
    public void Parameterless_AddGam_binds_everything_from_configuration()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(Section("Gam")).Build());
        collection.AddLogging();
        collection.AddAuthentication().AddGam();
        using var provider = collection.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<GamOptions>>().Get(GamDefaults.AuthenticationScheme);

        Assert.Equal("config-client", options.ClientId);
        Assert.Equal("https://idp.example.com/MyApp/oauth/gam/signin", options.AuthorizationEndpoint);
    }
}
