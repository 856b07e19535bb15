using GamAuthentication.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using GamAuthentication.Bearer;

namespace GamAuthentication.Health.Tests;

/// <summary>
/// A GAM that accepts the connection and then says nothing. The probe's timeout runs on the app's TimeProvider, so the
/// test moves a FakeTimeProvider past it once GAM has the request instead of waiting: no sleep, nothing measured. The
/// timeouts are 30 minutes on purpose: a probe that ignored the TimeProvider would be ended by the backchannel's own
/// real-time timeout (60 s for the sign-in scheme, 100 s for the authority client) with another message, and fail.
/// </summary>
public sealed class SilentGamTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private ProbedGam _gam = null!;

    public async Task InitializeAsync() => _gam = await ProbedGam.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Fact]
    public async Task No_answer_within_the_timeout_is_unhealthy_and_names_the_timeout()
    {
        _gam.Answer = _gam.NeverAnswer();
        await using var host = await StartAsync(checks => checks.AddGamHealthCheck(timeout: TimeSpan.FromMinutes(30)));

        var check = host.StartCheck("gam:Gam");
        await _gam.WaitForRequestAsync();
        Assert.False(check.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(30));
        var entry = await check;

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"GAM's userinfo endpoint {_gam.Authority}/oauth/gam/userinfo did not answer within 1800 s (the health check's timeout)", entry.Description);
    }

    [Fact]
    public async Task Headers_then_silence_is_unhealthy_after_the_default_five_seconds()
    {
        _gam.Answer = _gam.StallAfterHeaders();
        await using var host = await StartAsync(checks => checks.AddGamHealthCheck(GamBearerDefaults.AuthenticationScheme));

        var check = host.StartCheck("gam:GamBearer");
        await _gam.WaitForRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(check.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var entry = await check;

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("did not answer within 5 s", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_authority_check_runs_its_timeout_on_the_registered_TimeProvider()
    {
        _gam.Answer = _gam.NeverAnswer();
        await using var host = await StartAsync(checks => checks.AddGamHealthCheck(_gam.Authority, GamEndpointProfile.RestIdp, name: "tokens", timeout: TimeSpan.FromMinutes(30)));

        var check = host.StartCheck("tokens");
        await _gam.WaitForRequestAsync();
        _time.Advance(TimeSpan.FromMinutes(30));
        var entry = await check;

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"GAM's userinfo endpoint {_gam.Authority}/oauth/gam/v2.0/userinfo did not answer within 1800 s (the health check's timeout)", entry.Description);
    }

    private Task<CheckHost> StartAsync(Action<IHealthChecksBuilder> checks) =>
        CheckHost.StartAsync(_gam.Authority, checks, services: s => s.AddSingleton<TimeProvider>(_time));
}
