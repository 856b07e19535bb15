using GamAuthentication.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GamAuthentication.Health.Tests;

/// <summary>
/// Bad input gets a clear error: bad arguments throw at registration naming the parameter; a scheme that does not exist
/// or is not GAM's is reported by the check itself (the scheme may be registered after the check), without probing.
/// </summary>
public sealed class MisconfiguredCheckTests
{
    [Fact]
    public async Task A_scheme_that_does_not_exist_is_unhealthy_and_lists_the_registered_ones()
    {
        await using var host = await CheckHost.StartAsync("http://127.0.0.1:1/gam", checks => checks.AddGamHealthCheck("Gamm"));

        var entry = await host.CheckAsync("gam:Gamm");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal(
            "there is no authentication scheme named \"Gamm\" (registered: Cookies, Gam, GamBearer); pass the name given to AddGam() or AddGamBearer()",
            entry.Description);
    }

    [Fact]
    public async Task A_scheme_that_is_not_GAMs_is_unhealthy_and_says_so()
    {
        await using var host = await CheckHost.StartAsync("http://127.0.0.1:1/gam", checks => checks.AddGamHealthCheck("Cookies"));

        var entry = await host.CheckAsync("gam:Cookies");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal(
            "the authentication scheme \"Cookies\" is not a GAM scheme (its handler is CookieAuthenticationHandler); AddGamHealthCheck(scheme) probes schemes added with AddGam() or AddGamBearer()",
            entry.Description);
    }

    [Fact]
    public async Task Without_authentication_the_check_says_what_to_add()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks().AddGamHealthCheck();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["gam:Gam"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Null(entry.Exception);
        Assert.StartsWith("no authentication is registered: AddGamHealthCheck(\"Gam\") probes a scheme added with AddAuthentication().AddGam()", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_scheme_options_are_reported_not_thrown()
    {
        // ValidateOnStart stops a real app first; a check run outside a started host still answers with the message.
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication().AddGam(o => o.Authority = "http://idp.example.com/gam");
        services.AddHealthChecks().AddGamHealthCheck();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["gam:Gam"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Null(entry.Exception);
        Assert.StartsWith("the options of scheme \"Gam\" are invalid: ", entry.Description, StringComparison.Ordinal);
        Assert.Contains("ClientId", entry.Description, StringComparison.Ordinal);
        Assert.Contains("must use https", entry.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", "must be an absolute http(s) URL")]
    [InlineData("ftp://idp.example.com/gam", "must be an absolute http(s) URL")]
    [InlineData("https://idp.example.com/gam?repository=1", "must have no query or fragment")]
    [InlineData("https://idp.example.com/gam#top", "must have no query or fragment")]
    public void A_bad_authority_is_refused_at_registration(string authority, string message)
    {
        var checks = new ServiceCollection().AddHealthChecks();

        var error = Assert.Throws<ArgumentException>(() => checks.AddGamHealthCheck(authority, GamEndpointProfile.RestIdp));

        Assert.Equal("authority", error.ParamName);
        Assert.StartsWith($"GAM health check: the authority {message}: GAM's base URL including its virtual directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_http_authority_is_accepted_because_the_probe_carries_no_credential()
    {
        var services = new ServiceCollection();

        services.AddHealthChecks().AddGamHealthCheck("http://gam.internal/MyApp", GamEndpointProfile.WebIdp);

        using var provider = services.BuildServiceProvider();
        var registration = Assert.Single(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal("gam:http://gam.internal/MyApp", registration.Name);
    }

    [Fact]
    public void An_unknown_profile_is_refused_at_registration()
    {
        var checks = new ServiceCollection().AddHealthChecks();

        var error = Assert.Throws<ArgumentException>(() => checks.AddGamHealthCheck("https://idp.example.com/gam", (GamEndpointProfile)42));

        Assert.Equal("endpointProfile", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_timeout_that_is_not_positive_is_refused_at_registration(int seconds)
    {
        var checks = new ServiceCollection().AddHealthChecks();

        var byScheme = Assert.Throws<ArgumentException>(() => checks.AddGamHealthCheck(timeout: TimeSpan.FromSeconds(seconds)));
        var byAuthority = Assert.Throws<ArgumentException>(() => checks.AddGamHealthCheck("https://idp.example.com/gam", GamEndpointProfile.WebIdp, timeout: TimeSpan.FromSeconds(seconds)));

        Assert.Equal("timeout", byScheme.ParamName);
        Assert.Equal("timeout", byAuthority.ParamName);
    }

    [Fact]
    public void An_empty_scheme_and_a_missing_builder_are_refused()
    {
        var checks = new ServiceCollection().AddHealthChecks();

        Assert.Throws<ArgumentException>(() => checks.AddGamHealthCheck(" "));
        Assert.Throws<ArgumentNullException>(() => GamHealthCheckExtensions.AddGamHealthCheck(null!));
    }
}
