using GamAuthentication.Emulator;
using GamAuthentication.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using GamAuthentication.Bearer;

namespace GamAuthentication.Health.Tests;

/// <summary>
/// A GAM that is up (the emulator on Kestrel) answers the probe with its own refusal of a request without a token:
/// HTTP 401 and GAM error 0. Every way of registering the check probes the right userinfo endpoint and says so.
/// </summary>
public sealed class HealthyGamTests : IAsyncLifetime
{
    private ProbedGam _gam = null!;

    public async Task InitializeAsync() => _gam = await ProbedGam.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Fact]
    public async Task The_default_check_probes_the_sign_in_schemes_userinfo_and_is_healthy()
    {
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        var endpoint = _gam.Authority + "/oauth/gam/userinfo";
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal($"GAM's userinfo endpoint {endpoint} answered HTTP 401 with GAM error 0 to a request without a token, as GAM does", entry.Description);
        Assert.Equal(endpoint, entry.Data["endpoint"]);
        Assert.Equal(401, entry.Data["status"]);
        Assert.Equal("0", entry.Data["gamError"]);
        Assert.Equal("Gam", entry.Data["scheme"]);
        Assert.Equal(1, _gam.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, "/gam/oauth/gam/userinfo")]
    [InlineData(GamEndpointProfile.RestIdp, "/gam/oauth/gam/v2.0/userinfo")]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, "/gam/openid/userinfo")]
    public async Task A_bearer_scheme_is_probed_at_the_userinfo_endpoint_of_its_profile(GamEndpointProfile profile, string path)
    {
        await using var host = await CheckHost.StartAsync(
            _gam.Authority,
            checks => checks.AddGamHealthCheck(GamBearerDefaults.AuthenticationScheme),
            bearer: o => o.EndpointProfile = profile);

        var entry = await host.CheckAsync("gam:GamBearer");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(_gam.Origin + path, entry.Data["endpoint"]);
        Assert.Equal(path, Assert.Single(_gam.Received).PathAndQuery);
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, "/gam/oauth/gam/userinfo")]
    [InlineData(GamEndpointProfile.RestIdp, "/gam/oauth/gam/v2.0/userinfo")]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, "/gam/openid/userinfo")]
    public async Task An_authority_and_profile_are_probed_for_apps_with_only_a_token_client(GamEndpointProfile profile, string path)
    {
        await using var host = await CheckHost.StartAsync(
            _gam.Authority,
            checks => checks.AddGamHealthCheck(_gam.Authority + "/", profile, name: "gam-tokens"));

        var entry = await host.CheckAsync("gam-tokens");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(_gam.Origin + path, entry.Data["endpoint"]);
        Assert.False(entry.Data.ContainsKey("scheme"));
        Assert.Equal(path, Assert.Single(_gam.Received).PathAndQuery);
    }

    [Fact]
    public async Task The_sign_in_and_bearer_schemes_have_checks_of_their_own_with_the_usual_parameters()
    {
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks
            .AddGamHealthCheck()
            .AddGamHealthCheck(GamBearerDefaults.AuthenticationScheme, name: "api-gam", failureStatus: HealthStatus.Degraded, tags: ["ready"], timeout: TimeSpan.FromSeconds(7)));

        var report = await host.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
        var registration = host.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Single(r => r.Name == "api-gam");

        Assert.Equal(["api-gam"], report.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(HealthStatus.Degraded, registration.FailureStatus);
        Assert.Equal(TimeSpan.FromSeconds(7), registration.Timeout);
        Assert.Equal(["ready"], registration.Tags);
    }

    [Fact]
    public async Task Health_answers_200_when_GAM_is_up()
    {
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _gam.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }
}
