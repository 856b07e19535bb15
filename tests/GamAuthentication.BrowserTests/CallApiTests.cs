using GamAuthentication.Samples.Api;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace GamAuthentication.BrowserTests;

/// <summary>/call-api says what really happened: success (readable JSON), the API refused the token, or the session ended.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CallApiTests(BrowserFixture browser)
{
    [Fact]
    public async Task Success_shows_the_api_answer_as_indented_json_without_unicode_escapes()
    {
        var apiUrl = $"http://localhost:{FreePort.Next()}";
        await using var mvc = await MvcSampleHost.StartAsync(["--Samples:ApiBaseUrl=" + apiUrl]);
        await using var api = await ApiHost.StartAsync(apiUrl, mvc.BaseUrl + "/gam");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await SignInOnCallApiAsync(context, mvc);

        Assert.Equal("Success", await page.GetAttributeAsync("#api-outcome", "data-outcome"));
        Assert.Equal("200", await page.InnerTextAsync("#api-status"));
        var json = await page.InnerTextAsync("#api-result");
        Assert.Contains("\n  \"name\": \"demo\"", json);
        Assert.Contains("{\\\"Department\\\":\\\"Sales\\\"}", json);
        Assert.DoesNotContain("\\u0022", json);
    }

    [Fact]
    public async Task Api_that_rejects_the_token_is_reported_as_a_401_and_the_user_stays_signed_in()
    {
        // The API checks tokens with its own emulator, which never issued the MVC sample's tokens.
        var apiUrl = $"http://localhost:{FreePort.Next()}";
        await using var mvc = await MvcSampleHost.StartAsync(["--Samples:ApiBaseUrl=" + apiUrl, "--GamEmulator:MaxTokenRenewals=5"]);
        await using var api = await ApiHost.StartAsync(apiUrl, authority: null);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await SignInOnCallApiAsync(context, mvc);

        Assert.Equal("Refused", await page.GetAttributeAsync("#api-outcome", "data-outcome"));
        Assert.Equal("401", await page.InnerTextAsync("#api-status"));
        var message = await page.InnerTextAsync("#api-error");
        Assert.Contains("answered 401", message);
        Assert.Contains("--Authentication:Schemes:GamBearer:Authority=" + mvc.BaseUrl + "/gam", message);
        Assert.Equal("demo", await page.InnerTextAsync("#user-name"));
    }

    [Fact]
    public async Task Expired_token_without_refresh_token_ends_the_session_without_calling_the_api()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        // Nothing listens at the API address: had the page called it, it would say "not running".
        var closed = "http://localhost:" + FreePort.Next();
        await using var mvc = await MvcSampleHost.StartAsync(
            ["--Samples:ApiBaseUrl=" + closed, "--GamEmulator:AccessTokenLifetimeSeconds=120"],
            b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var context = await browser.Browser.NewContextAsync();
        var page = await SignInOnCallApiAsync(context, mvc);
        Assert.Equal("NotRunning", await page.GetAttributeAsync("#api-outcome", "data-outcome"));

        clock.Advance(TimeSpan.FromSeconds(121));
        await page.ReloadAsync();

        Assert.Equal("SessionEnded", await page.GetAttributeAsync("#api-outcome", "data-outcome"));
        Assert.Contains("the API was not called", await page.InnerTextAsync("#api-error"));

        // The header no longer claims a signed-in user.
        Assert.Equal(0, await page.Locator("#user-name").CountAsync());
        Assert.Equal(1, await page.Locator("#sign-in").CountAsync());
    }

    private static async Task<IPage> SignInOnCallApiAsync(IBrowserContext context, MvcSampleHost mvc)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(mvc.BaseUrl + "/call-api");
        await SignInTests.SignInAtGamAsync(page, "demo", "demo");
        await page.WaitForURLAsync(mvc.BaseUrl + "/call-api");
        return page;
    }
}

/// <summary>The API sample on a given loopback URL; with no authority it validates tokens against its own emulator.</summary>
internal sealed class ApiHost(WebApplication app) : IAsyncDisposable
{
    public static async Task<ApiHost> StartAsync(string url, string? authority)
    {
        string[] args = ["--urls", url, "--environment", "Development"];
        if (authority is not null)
        {
            args = [.. args, "--Authentication:Schemes:GamBearer:Authority=" + authority];
        }

        var app = SampleApi.Create(args);
        await app.StartAsync();
        return new ApiHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
