using System.Net.Http.Headers;
using GamAuthentication.Emulator;
using GamAuthentication.Health.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using GamAuthentication.Bearer;

namespace GamAuthentication.Health.Tests;

/// <summary>
/// What GAM receives from a probe, recorded by the server itself: a GET with no Authorization, no cookie, no body and no
/// query, carrying nothing of the client secret, client ID or any token the schemes handled before, through the
/// scheme's own backchannel.
/// </summary>
public sealed class CredentialFreeProbeTests : IAsyncLifetime
{
    private ProbedGam _gam = null!;

    public async Task InitializeAsync() => _gam = await ProbedGam.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Theory]
    [InlineData(GamDefaults.AuthenticationScheme)]
    [InlineData(GamBearerDefaults.AuthenticationScheme)]
    public async Task The_probe_is_a_bare_GET_that_carries_no_credential(string scheme)
    {
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck(scheme));

        var entry = await host.CheckAsync("gam:" + scheme);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        var probe = Assert.Single(_gam.Received);
        AssertCarriesNothing(probe, "/gam/oauth/gam/userinfo");
    }

    [Fact]
    public async Task After_the_bearer_scheme_checked_a_token_the_probe_still_carries_none()
    {
        var token = _gam.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck(GamBearerDefaults.AuthenticationScheme));
        using var client = host.CreateClient();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await client.SendAsync(me);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);

        var entry = await host.CheckAsync("gam:GamBearer");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(2, _gam.Received.Count);
        Assert.Equal(token, _gam.Received[0].Headers["Authorization"]);
        AssertCarriesNothing(_gam.Received[1], "/gam/oauth/gam/userinfo", token);
    }

    [Fact]
    public async Task A_cookie_GAM_set_on_an_earlier_answer_is_never_sent_back()
    {
        // GeneXus web servers set session cookies on their answers; the backchannel must not keep them and replay them
        // on later calls (the probe, or another user's userinfo call through the same pooled handler).
        _gam.Answer = context =>
        {
            context.Response.Headers.SetCookie = "GX_SESSION_ID=session-from-gam; path=/";
            return ProbedGam.Respond(StatusCodes.Status401Unauthorized, "application/json", "{\"error\":{\"code\":\"0\",\"message\":\"This service needs an Authorization Header\"}}")(context);
        };
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());

        var first = await host.CheckAsync("gam:Gam");
        var second = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal(HealthStatus.Healthy, second.Status);
        Assert.Equal(2, _gam.Received.Count);
        Assert.All(_gam.Received, probe => AssertCarriesNothing(probe, "/gam/oauth/gam/userinfo"));
    }

    [Fact]
    public async Task The_probe_goes_through_the_schemes_backchannel_client()
    {
        var seen = new RecordingHttpHandler();
        await using var host = await CheckHost.StartAsync(
            _gam.Authority,
            checks => checks.AddGamHealthCheck(),
            services: s => s.AddHttpClient(GamDefaults.BackchannelClientName(GamDefaults.AuthenticationScheme)).AddHttpMessageHandler(() => seen));

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        var request = Assert.Single(seen.Requests);
        Assert.Equal(new Uri(_gam.Authority + "/oauth/gam/userinfo"), request.Uri);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task The_authority_check_uses_its_own_client_that_the_app_can_configure()
    {
        var seen = new RecordingHttpHandler();
        await using var host = await CheckHost.StartAsync(
            _gam.Authority,
            checks => checks.AddGamHealthCheck(_gam.Authority, GamEndpointProfile.RestIdp, name: "tokens"),
            services: s => s.AddHttpClient(GamHealthCheckExtensions.HttpClientName).AddHttpMessageHandler(() => seen));

        var entry = await host.CheckAsync("tokens");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Single(seen.Requests);
        AssertCarriesNothing(Assert.Single(_gam.Received), "/gam/oauth/gam/v2.0/userinfo");
    }

    private static void AssertCarriesNothing(ReceivedRequest probe, string path, string? token = null)
    {
        Assert.Equal("GET", probe.Method);
        Assert.Equal(path, probe.PathAndQuery);
        Assert.Equal(string.Empty, probe.Body);
        Assert.False(probe.Headers.ContainsKey("Authorization"), "the probe sent Authorization");
        Assert.False(probe.Headers.ContainsKey("Cookie"), "the probe sent a cookie: " + probe.Headers.GetValueOrDefault("Cookie"));
        Assert.False(probe.Headers.ContainsKey("Content-Type"));
        foreach (var secret in new[] { CheckHost.ClientSecret, GamEmulatorDefaults.ClientId, token }.OfType<string>())
        {
            Assert.DoesNotContain(probe.Headers.Values, value => value.Contains(secret, StringComparison.Ordinal));
        }
    }
}
