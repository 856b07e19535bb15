using GamAuthentication.Samples.Api;
using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer.Tests;

/// <summary>What the API sample says when it starts, and the console telemetry it exports only when asked.</summary>
public sealed class SampleApiStartupTests
{
    private static async Task<(IReadOnlyList<string> Lines, string Url)> StartAsync(params string[] args)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var app = SampleApi.Create(["--urls", url, .. args], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddFakeLogging();
        });
        await app.StartAsync();
        var lines = app.Services.GetFakeLogCollector().Lines(LogLevel.Information);
        var services = app.Services;
        var telemetry = (services.GetService<OpenTelemetry.Trace.TracerProvider>() is not null ? "traces " : string.Empty)
            + (services.GetService<OpenTelemetry.Metrics.MeterProvider>() is not null ? "metrics" : string.Empty);
        await app.StopAsync();
        return ([.. lines, "telemetry: " + telemetry], url);
    }

    [Fact]
    public async Task Start_up_says_where_the_emulator_is_how_to_get_a_token_and_what_the_scheme_resolved()
    {
        var (lines, url) = await StartAsync();

        var emulator = Assert.Single(lines, l => l.Contains("GamAuthentication.Samples.Api.Startup.EmulatorAnnouncement:", StringComparison.Ordinal));
        Assert.Contains($"GAM emulator mounted at {url}/gam; demo users: demo, admin, otp; get a token with the password grant at {url}/gam/oauth/gam/v2.0/access_token (client_id sample-client)", emulator, StringComparison.Ordinal);
        var scheme = Assert.Single(lines, l => l.Contains("GAM bearer scheme GamBearer: EndpointProfile", StringComparison.Ordinal));
        Assert.Contains($"userinfo {url}/gam/oauth/gam/userinfo; caches: L1 memory on, L2 distributed off", scheme, StringComparison.Ordinal);
        Assert.Equal("telemetry: ", lines[^1]);
    }

    [Fact]
    public async Task Samples_Telemetry_console_turns_on_trace_and_metric_export()
    {
        var (lines, _) = await StartAsync("--Samples:Telemetry=console");

        Assert.Equal("telemetry: traces metrics", lines[^1]);
    }
}
