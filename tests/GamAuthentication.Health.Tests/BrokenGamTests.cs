using GamAuthentication.Health.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GamAuthentication.Health.Tests;

/// <summary>
/// Everything that is not GAM's refusal of a request without a token is a failure with its reason, never an exception:
/// nothing listening, a wrong virtual directory (404), a web page, 5xx, answers GAM never gives, an oversized body.
/// HTTP 429 is Degraded: GAM is up, only refusing us for now. Real GAM on Kestrel, scripted where GAM must misbehave.
/// </summary>
public sealed class BrokenGamTests : IAsyncLifetime
{
    private const string Hint = "check Authority, GAM's base URL including its virtual directory";
    private ProbedGam _gam = null!;

    public async Task InitializeAsync() => _gam = await ProbedGam.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    private string UserInfo => _gam.Authority + "/oauth/gam/userinfo";

    [Fact]
    public async Task Nothing_listening_is_unhealthy_and_says_it_could_not_be_reached()
    {
        var authority = $"http://127.0.0.1:{FreePort.Next()}/gam";
        await using var host = await CheckHost.StartAsync(authority, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"GAM's userinfo endpoint {authority}/oauth/gam/userinfo could not be reached (the connection was refused or failed): check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile", entry.Description);
        Assert.False(entry.Data.ContainsKey("status"));
    }

    [Fact]
    public async Task An_authority_without_GAMs_virtual_directory_answers_404_and_the_check_says_what_to_fix()
    {
        // The emulator lives under /gam, as GAM lives under its virtual directory: the bare origin is a 404.
        await using var host = await CheckHost.StartAsync(_gam.Origin, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith($"GAM's userinfo endpoint {_gam.Origin}/oauth/gam/userinfo answered HTTP 404 (not found): check Authority", entry.Description, StringComparison.Ordinal);
        Assert.Contains("virtual directory", entry.Description, StringComparison.Ordinal);
        Assert.Contains("EndpointProfile", entry.Description, StringComparison.Ordinal);
        Assert.Equal(404, entry.Data["status"]);
    }

    [Theory]
    [InlineData(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Welcome to IIS</body></html>")]
    [InlineData(401, "text/html", "<html><body>401 - Unauthorized: Access is denied</body></html>")]
    [InlineData(200, null, "\r\n  <html><head><title>Sign in</title></head></html>")]
    public async Task A_web_page_is_unhealthy_and_says_what_to_check(int status, string? contentType, string body)
    {
        _gam.Answer = ProbedGam.Respond(status, contentType, body);
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith($"GAM's userinfo endpoint {UserInfo} answered HTTP {status} with a web page (HTML), not GAM's JSON", entry.Description, StringComparison.Ordinal);
        Assert.Contains(Hint, entry.Description, StringComparison.Ordinal);
        Assert.Contains("EndpointProfile", entry.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, null)]
    [InlineData(502, null)]
    [InlineData(503, "{\"error\":{\"code\":\"1\",\"message\":\"connection to GAM not specified\"}}")]
    public async Task A_server_error_is_unhealthy_even_with_GAMs_error_body(int status, string? body)
    {
        _gam.Answer = ProbedGam.Respond(status, body is null ? null : "application/json", body);
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"GAM's userinfo endpoint {UserInfo} answered HTTP {status}: GAM is up but failing", entry.Description);
        Assert.Equal(status, entry.Data["status"]);
    }

    [Fact]
    public async Task Too_many_requests_is_degraded_with_GAMs_retry_after()
    {
        _gam.Answer = context =>
        {
            context.Response.Headers.RetryAfter = "30";
            return ProbedGam.Respond(429, "application/json", "{\"error\":{\"code\":\"429\",\"message\":\"slow down\"}}")(context);
        };
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal($"GAM's userinfo endpoint {UserInfo} answered HTTP 429 (too many requests) (Retry-After 30 s): GAM is up but refuses this app's calls for now", entry.Description);
    }

    [Theory]
    [InlineData(200, "application/json", "{\"guid\":\"00000000-0000-0000-0000-000000000001\",\"username\":\"anonymous\"}", "which GAM's userinfo never does")]
    [InlineData(401, "text/plain", "Unauthorized", "without GAM's error")]
    [InlineData(401, null, null, "without GAM's error")]
    [InlineData(403, "application/json", "{\"message\":\"blocked by policy\"}", "without GAM's error")]
    [InlineData(405, null, null, "not GAM's refusal of a request without a token")]
    public async Task An_answer_GAM_never_gives_to_a_request_without_a_token_is_unhealthy(int status, string? contentType, string? body, string reason)
    {
        _gam.Answer = ProbedGam.Respond(status, contentType, body);
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith($"GAM's userinfo endpoint {UserInfo} answered HTTP {status}", entry.Description, StringComparison.Ordinal);
        Assert.Contains(reason, entry.Description, StringComparison.Ordinal);
        Assert.Contains(Hint, entry.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "{\"error\":\"invalid_request\",\"error_description\":\"The access token is missing\"}", "invalid_request")]
    [InlineData(401, "{\"error\":\"invalid_token\"}", "invalid_token")]
    [InlineData(403, "{\"error\":{\"code\":\"103\",\"message\":\"Token expired\"}}", "103")]
    public async Task GAMs_refusal_in_either_error_shape_is_healthy(int status, string body, string code)
    {
        _gam.Answer = ProbedGam.Respond(status, "application/json", body);
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(code, entry.Data["gamError"]);
    }

    [Fact]
    public async Task An_answer_larger_than_the_schemes_limit_is_unhealthy()
    {
        _gam.Answer = ProbedGam.Respond(401, "application/json", "{\"error\":{\"code\":\"0\",\"message\":\"" + new string('x', 4096) + "\"}}");
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck(), gam: o => o.MaxResponseBytes = 1024);

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"the answer of GAM's userinfo endpoint {UserInfo} exceeded 1024 bytes", entry.Description);
    }

    [Fact]
    public async Task The_failure_status_given_at_registration_is_reported()
    {
        _gam.Answer = ProbedGam.Respond(500);
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck(failureStatus: HealthStatus.Degraded));

        var entry = await host.CheckAsync("gam:Gam");

        Assert.Equal(HealthStatus.Degraded, entry.Status);
    }

    [Fact]
    public async Task Health_answers_503_when_GAM_is_down()
    {
        _gam.Answer = ProbedGam.Respond(StatusCodes.Status502BadGateway);
        await using var host = await CheckHost.StartAsync(_gam.Authority, checks => checks.AddGamHealthCheck());
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
