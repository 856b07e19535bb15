using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace GamAuthentication.BrowserTests;

/// <summary>
/// Walks every page of the MVC sample a visitor sees, checks each one shows what it is for, and saves a screenshot
/// of it. The screenshots go to a temporary folder, or to <c>GAM_SCREENSHOTS_DIR</c> when set: docs/images/regenerate.sh
/// sets it to docs/images, which is how the documentation's pictures are made.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    [Fact]
    public async Task Every_page_renders_and_is_captured()
    {
        var folder = Environment.GetEnvironmentVariable("GAM_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? Directory.CreateDirectory(configured).FullName
            : Directory.CreateTempSubdirectory("gam-screenshots-").FullName;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var apiUrl = $"http://localhost:{FreePort.Next()}";
        await using var mvc = await MvcSampleHost.StartAsync(
            ["--GamEmulator:AccessTokenLifetimeSeconds=300", "--GamEmulator:MaxTokenRenewals=20", "--Samples:ApiBaseUrl=" + apiUrl],
            b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var api = await ApiHost.StartAsync(apiUrl, mvc.BaseUrl + "/gam");
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        await context.Clock.InstallAsync();
        await context.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(1));
        var page = await context.NewPageAsync();
        var saved = new List<string>();

        await page.GotoAsync(mvc.BaseUrl + "/");
        await page.Locator("#hero-sign-in").WaitForAsync();
        saved.Add(await CaptureAsync(page, folder, "home-signed-out"));

        await page.ClickAsync("#hero-sign-in");
        await page.WaitForSelectorAsync("input[name=username]");
        await page.FillAsync("input[name=username]", "demo");
        await page.FillAsync("input[name=password]", "demo");
        saved.Add(await CaptureAsync(page, folder, "gam-sign-in"));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(mvc.BaseUrl + "/");

        // A refresh on record and a countdown part-way down make the panel say everything it can say.
        await page.ClickAsync("#refresh-now");
        await page.WaitForURLAsync(mvc.BaseUrl + "/");
        clock.Advance(TimeSpan.FromSeconds(95));
        await page.Clock.FastForwardAsync(95_000);
        await page.Locator("#last-refresh").WaitForAsync();
        Assert.Equal("3:25", await page.InnerTextAsync("#token-countdown"));
        saved.Add(await CaptureAsync(page, folder, "home-session-panel"));

        await page.GotoAsync(mvc.BaseUrl + "/claims");
        await page.Locator("#claims").WaitForAsync();
        saved.Add(await CaptureAsync(page, folder, "claims"));

        await page.GotoAsync(mvc.BaseUrl + "/call-api");
        Assert.Equal("Success", await page.GetAttributeAsync("#api-outcome", "data-outcome"));
        saved.Add(await CaptureAsync(page, folder, "call-api"));

        await page.GotoAsync(mvc.BaseUrl + "/signout");
        await page.Locator("#confirm-sign-out").WaitForAsync();
        saved.Add(await CaptureAsync(page, folder, "sign-out-confirmation"));

        await page.GotoAsync(mvc.BaseUrl + "/signin-gam?code=forged&state=forged");
        await page.Locator("#signin-error").WaitForAsync();
        saved.Add(await CaptureAsync(page, folder, "sign-in-error"));

        foreach (var file in saved)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.Length > 10_000, $"{file} is suspiciously small ({bytes.Length} bytes).");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }

    private static async Task<string> CaptureAsync(IPage page, string folder, string name)
    {
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
