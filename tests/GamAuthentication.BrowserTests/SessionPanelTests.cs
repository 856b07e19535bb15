using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace GamAuthentication.BrowserTests;

/// <summary>
/// The home page's session panel in a real browser. Two clocks are driven, never waited for: the app's (and the
/// emulator's) <see cref="FakeTimeProvider"/>, and the page's, through Playwright's clock, so the countdown's timer
/// fires exactly when the test moves both clocks past the refresh point.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionPanelTests(BrowserFixture browser)
{
    /// <summary>Short tokens: the refresh point is half the lifetime in (RefreshBeforeExpiry 60 s, at most half of 120 s).</summary>
    private const int LifetimeSeconds = 120;

    [Fact]
    public async Task Countdown_reaches_the_refresh_point_and_the_panel_shows_the_refreshed_token()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mvc = await StartAsync(clock, renewals: 5);
        var emulator = mvc.App.Services.GetRequiredService<GamEmulator>();
        var (context, page) = await SignedInPageAsync(mvc);
        await using var _ = context;

        Assert.Equal("2:00", await page.InnerTextAsync("#token-countdown"));
        Assert.Equal("in 1:00", await page.InnerTextAsync("#refresh-in"));
        Assert.Equal("yes", await page.InnerTextAsync("#refresh-token"));
        Assert.True(await page.IsVisibleAsync("#no-refresh-yet"));
        var first = Fingerprint(await page.InnerTextAsync("#session-token"));
        var tokenCalls = emulator.GetCallCount(GamEmulatorEndpoint.Token);

        // Ten seconds on: only the countdown moves.
        clock.Advance(TimeSpan.FromSeconds(10));
        await page.Clock.FastForwardAsync(10_000);
        Assert.Equal("1:50", await page.InnerTextAsync("#token-countdown"));
        Assert.Equal("in 0:50", await page.InnerTextAsync("#refresh-in"));
        Assert.Equal(tokenCalls, emulator.GetCallCount(GamEmulatorEndpoint.Token));

        // Past the refresh point: the page asks /session/status, the app refreshes, the panel shows the new token.
        clock.Advance(TimeSpan.FromSeconds(51));
        await page.Clock.FastForwardAsync(51_000);
        await page.Locator("#last-refresh").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var second = Fingerprint(await page.InnerTextAsync("#session-token"));
        Assert.NotEqual(first, second);
        Assert.Equal(first, Fingerprint(await page.InnerTextAsync("#last-refresh-from")));
        Assert.Equal(second, Fingerprint(await page.InnerTextAsync("#last-refresh-to")));
        Assert.Equal("automatic", await page.InnerTextAsync("#last-refresh-kind"));
        Assert.Equal("2:00", await page.InnerTextAsync("#token-countdown"));
        Assert.Equal(tokenCalls + 1, emulator.GetCallCount(GamEmulatorEndpoint.Token));
        Assert.Contains(mvc.Logs.Lines(), l => l.Contains($"access token {first}… was refreshed to {second}… (Automatic)", StringComparison.Ordinal));

        // A reload shows the same record: it lives in the sample's own cookie, and the new token is in the auth cookie.
        await page.ReloadAsync();
        Assert.Equal(second, Fingerprint(await page.InnerTextAsync("#session-token")));
        Assert.Equal(first, Fingerprint(await page.InnerTextAsync("#last-refresh-from")));
        Assert.Equal(tokenCalls + 1, emulator.GetCallCount(GamEmulatorEndpoint.Token));
    }

    [Fact]
    public async Task Refresh_now_replaces_the_token_and_records_a_manual_refresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mvc = await StartAsync(clock, renewals: 5);
        var emulator = mvc.App.Services.GetRequiredService<GamEmulator>();
        var (context, page) = await SignedInPageAsync(mvc);
        await using var _ = context;
        var first = Fingerprint(await page.InnerTextAsync("#session-token"));
        var tokenCalls = emulator.GetCallCount(GamEmulatorEndpoint.Token);

        clock.Advance(TimeSpan.FromSeconds(5));
        await page.ClickAsync("#refresh-now");
        await page.WaitForURLAsync(mvc.BaseUrl + "/");

        var second = Fingerprint(await page.InnerTextAsync("#session-token"));
        Assert.NotEqual(first, second);
        Assert.Equal("manual", await page.InnerTextAsync("#last-refresh-kind"));
        Assert.Equal(first, Fingerprint(await page.InnerTextAsync("#last-refresh-from")));
        Assert.Equal(second, Fingerprint(await page.InnerTextAsync("#last-refresh-to")));
        Assert.Contains($"{first}… is now {second}…", await page.InnerTextAsync("#flash"));
        Assert.Equal(tokenCalls + 1, emulator.GetCallCount(GamEmulatorEndpoint.Token));
    }

    [Fact]
    public async Task Without_a_refresh_token_refresh_now_is_off_and_the_panel_ends_the_session_at_expiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mvc = await StartAsync(clock, renewals: 0);
        var emulator = mvc.App.Services.GetRequiredService<GamEmulator>();
        var (context, page) = await SignedInPageAsync(mvc);
        await using var _ = context;

        Assert.Equal("no", await page.InnerTextAsync("#refresh-token"));
        Assert.Equal("no refresh token", await page.InnerTextAsync("#refresh-in"));
        Assert.True(await page.IsDisabledAsync("#refresh-now"));
        var tokenCalls = emulator.GetCallCount(GamEmulatorEndpoint.Token);

        clock.Advance(TimeSpan.FromSeconds(LifetimeSeconds + 1));
        await page.Clock.FastForwardAsync((LifetimeSeconds + 1) * 1000);
        await page.Locator("#panel-ended").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Equal("session ended", await page.InnerTextAsync("#token-countdown"));
        Assert.Equal(tokenCalls, emulator.GetCallCount(GamEmulatorEndpoint.Token));

        // The app signed the user out: the next page says so in its header.
        await page.ReloadAsync();
        Assert.Equal(1, await page.Locator("#sign-in").CountAsync());
    }

    [Fact]
    public async Task Sign_out_asks_first_cancel_keeps_the_session_and_confirm_signs_out_through_gam()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mvc = await StartAsync(clock, renewals: 5);
        var emulator = mvc.App.Services.GetRequiredService<GamEmulator>();
        var (context, page) = await SignedInPageAsync(mvc);
        await using var _ = context;
        await page.ClickAsync("#refresh-now");
        await page.WaitForURLAsync(mvc.BaseUrl + "/");

        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync(mvc.BaseUrl + "/signout");
        Assert.Equal("Sign out?", await page.InnerTextAsync("#sign-out-title"));
        Assert.Equal(0, emulator.GetCallCount(GamEmulatorEndpoint.SignOut));

        await page.ClickAsync("#cancel-sign-out");
        await page.WaitForURLAsync(mvc.BaseUrl + "/");
        Assert.Equal("demo", await page.InnerTextAsync("#user-name"));

        await SignInTests.SignOutAsync(page, mvc.BaseUrl);
        Assert.Equal(1, await page.Locator("#sign-in").CountAsync());
        Assert.Equal(1, emulator.GetCallCount(GamEmulatorEndpoint.SignOut));
        var cookies = await context.CookiesAsync([mvc.BaseUrl]);
        Assert.DoesNotContain(cookies, c => c.Name is "GamSample" or "GamSample.LastRefresh");
    }

    private static Task<MvcSampleHost> StartAsync(FakeTimeProvider clock, int renewals) =>
        MvcSampleHost.StartAsync(
            [$"--GamEmulator:AccessTokenLifetimeSeconds={LifetimeSeconds}", $"--GamEmulator:MaxTokenRenewals={renewals}"],
            b => b.Services.AddSingleton<TimeProvider>(clock));

    /// <summary>A browser context whose clock stands still until the test moves it, signed in as demo, on the home page.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(MvcSampleHost mvc)
    {
        var context = await browser.Browser.NewContextAsync();
        await context.Clock.InstallAsync();
        await context.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(1));
        var page = await context.NewPageAsync();
        await page.GotoAsync(mvc.BaseUrl + "/signin");
        await SignInTests.SignInAtGamAsync(page, "demo", "demo");
        await page.WaitForURLAsync(mvc.BaseUrl + "/");
        await page.Locator("#session-panel").WaitForAsync();
        return (context, page);
    }

    /// <summary>The panel writes fingerprints with a trailing ellipsis ("abcd1234…").</summary>
    private static string Fingerprint(string text)
    {
        var value = text.Trim().TrimEnd('…');
        Assert.Matches("^[A-Za-z0-9_-]{8}$", value);
        return value;
    }
}
