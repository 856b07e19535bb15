using GamAuthentication.StackExchangeRedis.Sessions;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>What <c>AddGamRedis()</c> registers, from code or configuration, and what it refuses.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gam:Redis:ConnectionString"] = "127.0.0.1:1,abortConnect=false",
            ["Gam:Redis:KeyPrefix"] = "shop:",
            ["Gam:Redis:ApplicationName"] = "Shop",
            ["Gam:Redis:ServerSideSessions"] = "true",
            ["Gam:Redis:Revocations"] = "false",
            ["Gam:Redis:RefreshLockLease"] = "00:00:05",
        }).Build().GetSection("Gam:Redis");
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie().AddCookie("Other").AddGam(o =>
        {
            o.Authority = "http://localhost/gam";
            o.ClientId = "c";
            o.ClientSecret = "s";
        });

        services.AddGamRedis(section);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<GamRedisOptions>();
        Assert.Equal("shop:", options.KeyPrefix);
        Assert.Equal("Shop", options.ApplicationName);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RefreshLockLease);
        Assert.True(options.ServerSideSessions);
        Assert.NotNull(provider.GetService<GamSessions>());
        Assert.Equal("GamRedisRefreshCoordinator", provider.GetRequiredService<IGamRefreshCoordinator>().GetType().Name);
        Assert.IsAssignableFrom<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache>(provider.GetRequiredService<IDistributedCache>());
        Assert.Equal("GamRedisTicketStore", provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).SessionStore?.GetType().Name);
        Assert.Null(provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get("Other").SessionStore);
        Assert.DoesNotContain(provider.GetServices<IGamSignOutListener>(), l => l.GetType().Name == "GamRedisRevocationChannel");
    }

    [Fact]
    public void Server_side_sessions_are_off_by_default()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication().AddCookie();
        services.AddGamRedis("127.0.0.1:1");
        using var provider = services.BuildServiceProvider();

        Assert.Null(provider.GetService<GamSessions>());
        Assert.Null(provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).SessionStore);
    }

    [Theory]
    [InlineData("", "gam:", "app")]
    [InlineData("localhost", "", "app")]
    [InlineData("localhost", "gam:", " ")]
    public void Settings_that_cannot_work_are_refused_at_registration(string connectionString, string prefix, string applicationName)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionString"] = connectionString,
            ["KeyPrefix"] = prefix,
            ["ApplicationName"] = applicationName,
        }).Build();

        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGamRedis(section));
    }

    [Fact]
    public void A_lease_that_is_not_positive_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGamRedis("localhost", o => o.RefreshLockLease = TimeSpan.Zero));
}
