using Microsoft.Playwright;

namespace GamAuthentication.BrowserTests;

/// <summary>A person signing in to the MVC sample in a real browser, against the embedded GAM emulator.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task Demo_signs_in_sees_claims_and_is_refused_admin_then_signs_out()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(sample.BaseUrl + "/");
        await page.ClickAsync("#sign-in");
        await SignInAtGamAsync(page, "demo", "demo");

        // Back home, where the session panel greets the user.
        await page.WaitForURLAsync(sample.BaseUrl + "/");
        Assert.Equal("demo", await page.InnerTextAsync("#session-user"));
        Assert.Equal("demo", await page.InnerTextAsync("#user-name"));

        await page.GotoAsync(sample.BaseUrl + "/claims");
        Assert.Equal("demo", await page.InnerTextAsync("#claims-name"));
        Assert.Equal("User", await page.InnerTextAsync("#claims-roles"));
        var table = await page.InnerTextAsync("#claims");
        Assert.Contains("demo@example.com", table);
        Assert.Contains("urn:gam:guid", table);

        // Friendly names beside the raw claim types.
        var email = page.Locator("#claims tbody tr", new() { HasText = "demo@example.com" });
        Assert.Equal("E-mail", await email.Locator("td.label").InnerTextAsync());
        Assert.Equal(System.Security.Claims.ClaimTypes.Email, await email.Locator("td.type").InnerTextAsync());
        Assert.Equal("GAM user GUID", await page.InnerTextAsync("#claims tbody tr:has(td.type:text-is('urn:gam:guid')) td.label"));

        var admin = await page.GotoAsync(sample.BaseUrl + "/admin");
        Assert.Equal(403, admin!.Status);
        Assert.Equal("Access denied", await page.InnerTextAsync("#denied-title"));

        await SignOutAsync(page, sample.BaseUrl);
        Assert.Equal(1, await page.Locator("#sign-in").CountAsync());

        // The session is gone: a protected page sends the browser back to GAM's sign-in form.
        await page.GotoAsync(sample.BaseUrl + "/claims");
        await page.WaitForSelectorAsync("input[name=username]");
        Assert.Contains("/gam/oauth/gam/signin", page.Url);
    }

    [Fact]
    public async Task Admin_signs_in_and_is_allowed_on_admin()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(sample.BaseUrl + "/admin");
        await SignInAtGamAsync(page, "admin", "admin");

        await page.WaitForURLAsync(sample.BaseUrl + "/admin");
        Assert.Equal("Administration", await page.InnerTextAsync("#admin-title"));

        await page.GotoAsync(sample.BaseUrl + "/claims");
        var roles = (await page.InnerTextAsync("#claims-roles")).Split(", ");
        Assert.Contains("Administrator", roles);
        Assert.Contains("User", roles);
    }

    [Fact]
    public async Task Wrong_password_keeps_the_user_on_the_gam_form_and_signed_out()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(sample.BaseUrl + "/claims");
        await SignInAtGamAsync(page, "demo", "not-the-password");

        await page.WaitForSelectorAsync("input[name=username]");
        Assert.Contains("/gam/oauth/gam/signin", page.Url);
        var cookies = await context.CookiesAsync([sample.BaseUrl]);
        Assert.DoesNotContain(cookies, c => c.Name == "GamSample");
    }

    /// <summary>Signs out as a person does: the header's link, then the confirmation page's button; back on "/".</summary>
    internal static async Task SignOutAsync(IPage page, string baseUrl)
    {
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync(baseUrl + "/signout");
        await page.ClickAsync("#confirm-sign-out");
        await page.WaitForURLAsync(baseUrl + "/");
    }

    internal static async Task SignInAtGamAsync(IPage page, string userName, string password)
    {
        await page.WaitForSelectorAsync("input[name=username]");
        await page.FillAsync("input[name=username]", userName);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
    }
}
