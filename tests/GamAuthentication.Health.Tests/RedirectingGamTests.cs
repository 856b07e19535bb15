using GamAuthentication.Health.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using GamAuthentication.Bearer;

namespace GamAuthentication.Health.Tests;

/// <summary>
/// GAM answers the probe with a redirect to another origin that would answer 401 with GAM's error as a perfect
/// accomplice (or, here, with an Administrator). The redirect is never followed: the check is unhealthy, names the
/// other origin, and that origin receives nothing. Two real Kestrel servers (RedirectingGam).
/// </summary>
public sealed class RedirectingGamTests : IAsyncLifetime
{
    private RedirectingGam _gam = null!;

    public async Task InitializeAsync() => _gam = await RedirectingGam.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_unhealthy_names_its_target_and_reaches_nobody(int status)
    {
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks
            .AddGamHealthCheck()
            .AddGamHealthCheck(GamBearerDefaults.AuthenticationScheme)
            .AddGamHealthCheck(_gam.Authority, GamEndpointProfile.WebIdp, name: "tokens"));
        _gam.Redirect("/oauth/gam/userinfo", status);

        var report = await host.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(3, report.Entries.Count);
        Assert.All(report.Entries.Values, entry =>
        {
            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
            Assert.Equal(
                $"GAM's userinfo endpoint {_gam.Authority}/oauth/gam/userinfo answered HTTP {status}, a redirect to {_gam.ForeignOrigin}; GAM calls never follow redirects. " +
                "Check Authority: GAM's base URL including its virtual directory (and EndpointProfile)",
                entry.Description);
            Assert.Equal(status, entry.Data["status"]);
        });
        Assert.Empty(_gam.ForeignReceived);
    }

    [Fact]
    public async Task A_primary_handler_the_app_configured_to_follow_redirects_is_made_to_refuse_them()
    {
        await using var host = await CheckHost.StartAsync(
            _gam.Authority,
            checks => checks.AddGamHealthCheck(),
            services: s => s.AddHttpClient(GamDefaults.BackchannelClientName(GamDefaults.AuthenticationScheme))
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true }));
        _gam.Redirect("/oauth/gam/userinfo", 307);

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains($"a redirect to {_gam.ForeignOrigin}", entry.Description, StringComparison.Ordinal);
        Assert.Empty(_gam.ForeignReceived);
    }
}
