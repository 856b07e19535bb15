using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.Health.Tests.Infrastructure;
using GamAuthentication.Samples.Api;
using GamAuthentication.Samples.Mvc;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Health.Tests;

/// <summary>
/// The samples as `dotnet run` starts them (Kestrel on a free loopback port, Development, their own folder as content
/// root, the emulator mounted at /gam): /health answers 200 without any credential because the probe reached their
/// emulator, and 503 when they point at a GAM that is not there.
/// </summary>
public sealed class SampleHealthTests
{
    [Fact]
    public async Task The_MVC_samples_health_answers_200_against_its_emulator()
    {
        await using var app = await StartAsync(url => SampleApp.Create(Args(url, SampleFolders.Mvc), Quiet));

        using var response = await GetHealthAsync(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Services.GetRequiredService<GamEmulator>().GetCallCount(GamEmulatorEndpoint.UserInfo));
    }

    [Fact]
    public async Task The_API_samples_health_answers_200_against_its_emulator()
    {
        await using var app = await StartAsync(url => SampleApi.Create(Args(url, SampleFolders.Api), Quiet));

        using var response = await GetHealthAsync(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Services.GetRequiredService<GamEmulator>().GetCallCount(GamEmulatorEndpoint.UserInfo));
    }

    [Fact]
    public async Task The_MVC_samples_health_answers_503_when_its_GAM_is_not_there()
    {
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}/gam";
        await using var app = await StartAsync(url => SampleApp.Create(
            [.. Args(url, SampleFolders.Mvc), $"--Authentication:Schemes:Gam:Authority={nowhere}",
                "--Authentication:Schemes:Gam:ClientId=sample-client", "--Authentication:Schemes:Gam:ClientSecret=sample-secret"],
            Quiet));

        using var response = await GetHealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_API_samples_health_answers_503_when_its_GAM_is_not_there_and_logs_why()
    {
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}/gam";
        await using var app = await StartAsync(url => SampleApi.Create(
            [.. Args(url, SampleFolders.Api), $"--Authentication:Schemes:GamBearer:Authority={nowhere}"],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddFakeLogging();
            }));

        using var response = await GetHealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(app.Services.GetFakeLogCollector().Lines(), line => line.StartsWith("Error Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal)
            && line.Contains($"GAM's userinfo endpoint {nowhere}/oauth/gam/userinfo could not be reached", StringComparison.Ordinal));
    }

    private static string[] Args(string url, string contentRoot) =>
        ["--urls", url, "--environment", "Development", "--contentRoot", contentRoot];

    private static void Quiet(WebApplicationBuilder builder) => builder.Logging.ClearProviders();

    private static async Task<RunningSample> StartAsync(Func<string, WebApplication> create)
    {
        var url = $"http://localhost:{FreePort.Next()}";
        var app = create(url);
        await app.StartAsync();
        return new RunningSample(app, url);
    }

    private static async Task<HttpResponseMessage> GetHealthAsync(RunningSample sample)
    {
        // A fresh client: no cookie, no token.
        using var client = new HttpClient { BaseAddress = new Uri(sample.Url) };
        return await client.GetAsync(new Uri("/health", UriKind.Relative));
    }

    private sealed class RunningSample(WebApplication app, string url) : IAsyncDisposable
    {
        public IServiceProvider Services => app.Services;

        public string Url => url;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
