using System.Net;
using GamAuthentication.Testing;

namespace GamAuthentication.BrowserTests;

/// <summary>What the MVC sample writes to its log with its own appsettings.json: a useful start-up line, and no request chatter.</summary>
public sealed class SampleLoggingTests
{
    [Fact]
    public async Task Start_up_says_where_the_emulator_is_and_who_can_sign_in()
    {
        await using var sample = await MvcSampleHost.StartAsync(["--GamEmulator:AccessTokenLifetimeSeconds=90", "--GamEmulator:MaxTokenRenewals=3"]);

        var line = Assert.Single(sample.Logs.Lines(), l => l.Contains("GamAuthentication.Samples.Mvc.Startup.EmulatorAnnouncement:", StringComparison.Ordinal));
        Assert.StartsWith("Information ", line);
        Assert.Contains($"GAM emulator mounted at {sample.BaseUrl}/gam; demo users: demo (User), admin (Administrator, User), otp (User; second factor)", line);
        Assert.Contains("access tokens last 90 s, 3 renewals", line);
    }

    [Fact]
    public async Task Start_up_says_what_the_sign_in_scheme_resolved()
    {
        await using var sample = await MvcSampleHost.StartAsync();

        var line = Assert.Single(sample.Logs.Lines(), l => l.Contains("GAM scheme Gam: EndpointProfile", StringComparison.Ordinal));
        Assert.Contains($"token {sample.BaseUrl}/gam/oauth/gam/access_token", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("console", true)]
    public async Task Traces_and_metrics_go_to_the_console_only_when_asked(string? telemetry, bool exported)
    {
        await using var sample = await MvcSampleHost.StartAsync(telemetry is null ? [] : ["--Samples:Telemetry=" + telemetry]);

        Assert.Equal(exported, sample.App.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)) is not null);
        Assert.Equal(exported, sample.App.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)) is not null);
    }

    [Fact]
    public async Task A_sign_in_logs_no_request_urls_no_backchannel_calls_and_no_code()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        using var browser = new TestBrowser(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }, new Uri(sample.BaseUrl));

        var form = await browser.FollowRedirectsAsync(await browser.GetAsync("/signin"));
        var posted = await browser.SubmitFormAsync(form, new Dictionary<string, string> { ["username"] = "demo", ["password"] = "demo" });
        var callback = browser.Location(posted);
        var home = await browser.FollowRedirectsAsync(await browser.GetAsync(callback));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("id=\"session-panel\"", await home.Content.ReadAsStringAsync());

        var lines = sample.Logs.Lines();
        Assert.DoesNotContain(lines, l => l.Contains(" Microsoft.AspNetCore.Hosting.Diagnostics:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(TestBrowser.Query(callback)["code"], StringComparison.Ordinal));
    }
}
