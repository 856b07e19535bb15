using GamAuthentication.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tests;

/// <summary>
/// One Information line per AddGam() and AddGamBearer() scheme when the host starts, with the endpoints it resolved,
/// its EndpointProfile and (bearer) its cache levels: the first thing to read when GAM is not reached.
/// </summary>
public sealed class StartupLogTests
{
    private static async Task<IReadOnlyList<string>> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddAuthentication().AddGam().AddGamBearer().AddGamBearer("Orders");
        services?.Invoke(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
        return host.Services.GetFakeLogCollector().Lines(LogLevel.Information).Where(l => l.Contains("GamStartupAnnouncement", StringComparison.Ordinal)).ToArray();
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Authentication:Schemes:Gam:Authority"] = "https://idp.example.com/MyApp",
        ["Authentication:Schemes:Gam:ClientId"] = "c",
        ["Authentication:Schemes:Gam:ClientSecret"] = "very-secret-4711",
        ["Authentication:Schemes:GamBearer:Authority"] = "https://idp.example.com/MyApp",
        ["Authentication:Schemes:Orders:Authority"] = "https://orders.example.com/Orders",
        ["Authentication:Schemes:Orders:EndpointProfile"] = "RestIdp",
        ["Authentication:Schemes:Orders:EnableMemoryCache"] = "false",
        ["Authentication:Schemes:Orders:EnableDistributedCache"] = "true",
    };

    [Fact]
    public async Task Each_scheme_logs_its_endpoints_profile_and_caches_once_at_start_up_without_secrets()
    {
        var lines = await StartAsync(Settings(), s => s.AddDistributedMemoryCache());

        Assert.Equal(3, lines.Count);
        var gam = Assert.Single(lines, l => l.Contains("GAM scheme Gam:", StringComparison.Ordinal));
        Assert.Contains("EndpointProfile WebIdp", gam, StringComparison.Ordinal);
        Assert.Contains("authorization https://idp.example.com/MyApp/oauth/gam/signin", gam, StringComparison.Ordinal);
        Assert.Contains("token https://idp.example.com/MyApp/oauth/gam/access_token", gam, StringComparison.Ordinal);
        Assert.Contains("userinfo https://idp.example.com/MyApp/oauth/gam/userinfo", gam, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-4711", gam, StringComparison.Ordinal);

        // The in-process MemoryDistributedCache only duplicates L1, so "auto" leaves L2 off; asking for it turns it on.
        var bearer = Assert.Single(lines, l => l.Contains("GAM bearer scheme GamBearer:", StringComparison.Ordinal));
        Assert.Contains("EndpointProfile WebIdp; userinfo https://idp.example.com/MyApp/oauth/gam/userinfo; caches: L1 memory on, L2 distributed off", bearer, StringComparison.Ordinal);
        var orders = Assert.Single(lines, l => l.Contains("GAM bearer scheme Orders:", StringComparison.Ordinal));
        Assert.Contains("EndpointProfile RestIdp; userinfo https://orders.example.com/Orders/oauth/gam/v2.0/userinfo; caches: L1 memory off, L2 distributed on", orders, StringComparison.Ordinal);
    }
}
