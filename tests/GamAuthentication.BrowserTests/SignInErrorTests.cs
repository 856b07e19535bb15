using System.Net;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace GamAuthentication.BrowserTests;

/// <summary>
/// Callbacks that must not sign anyone in get a friendly 4xx page and one log line from the sample, never the
/// developer exception page or a stack trace (the sample runs in Development here, as with dotnet run). Plain HTTP
/// against the real sample on loopback, so every hop can be forged, replayed or tampered with.
/// </summary>
public sealed class SignInErrorTests
{
    private const string FailureCategory = "GamAuthentication.Samples.Mvc.SignIn.SignInFailures";

    [Fact]
    public async Task Forged_state_gets_the_invalid_callback_page()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        using var browser = Browser(sample);

        var page = await browser.FollowRedirectsAsync(await browser.GetAsync("/signin-gam?code=made-up-code&state=forged-state"));

        await AssertFriendlyAsync(page, HttpStatusCode.BadRequest, "invalid-callback", "This sign-in link is not valid");
        AssertOneLogLine(sample, "InvalidCallback", "made-up-code", "forged-state");
    }

    [Fact]
    public async Task Replayed_callback_gets_the_invalid_callback_page_and_the_first_sign_in_stands()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        using var browser = Browser(sample);
        var callback = await CallbackAsync(browser);

        var signedIn = await browser.FollowRedirectsAsync(await browser.GetAsync(callback));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("id=\"session-panel\"", await signedIn.Content.ReadAsStringAsync());

        // The same callback again: its correlation cookie was used up by the first one.
        var replayed = await browser.FollowRedirectsAsync(await browser.GetAsync(callback));

        await AssertFriendlyAsync(replayed, HttpStatusCode.BadRequest, "invalid-callback", "This sign-in link is not valid");
        var query = TestBrowser.Query(callback);
        AssertOneLogLine(sample, "InvalidCallback", query["code"], query["state"]);
    }

    [Fact]
    public async Task Tampered_code_gets_the_gam_refused_page_with_gams_error_code()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        using var browser = Browser(sample);
        var callback = await CallbackAsync(browser);
        var query = TestBrowser.Query(callback);
        var tampered = QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), new Dictionary<string, string?>
        {
            ["state"] = query["state"],
            ["code"] = query["code"][..^4] + "0000",
        });

        var page = await browser.FollowRedirectsAsync(await browser.GetAsync(tampered));

        var html = await AssertFriendlyAsync(page, HttpStatusCode.BadRequest, "gam-refused", "GAM refused the sign-in");
        Assert.Contains("id=\"signin-error-code\">906<", html);
        AssertOneLogLine(sample, "GamRefused", query["code"], query["state"]);
        Assert.DoesNotContain("GamSample", browser.CookieNames);
    }

    [Fact]
    public async Task Access_denied_gets_the_denied_page_with_403()
    {
        await using var sample = await MvcSampleHost.StartAsync();
        using var browser = Browser(sample);
        var challenge = await browser.GetAsync("/signin");
        var state = TestBrowser.Query(browser.Location(challenge))["state"];

        var page = await browser.FollowRedirectsAsync(await browser.GetAsync("/signin-gam?error=access_denied&state=" + Uri.EscapeDataString(state)));

        await AssertFriendlyAsync(page, HttpStatusCode.Forbidden, "denied", "Access was denied");
        AssertOneLogLine(sample, "Denied", state);
    }

    private static TestBrowser Browser(MvcSampleHost sample) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }, new Uri(sample.BaseUrl));

    /// <summary>Signs in as demo at the emulator and stops at the callback URL GAM redirects to.</summary>
    private static async Task<Uri> CallbackAsync(TestBrowser browser)
    {
        var form = await browser.FollowRedirectsAsync(await browser.GetAsync("/signin"));
        var posted = await browser.SubmitFormAsync(form, new Dictionary<string, string> { ["username"] = "demo", ["password"] = "demo" });
        Assert.True(TestBrowser.IsRedirect(posted), $"The emulator answered {(int)posted.StatusCode} to the sign-in form.");
        var callback = browser.Location(posted);
        Assert.Equal("/signin-gam", callback.AbsolutePath);
        return callback;
    }

    private static async Task<string> AssertFriendlyAsync(HttpResponseMessage page, HttpStatusCode status, string reason, string title)
    {
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(status, page.StatusCode);
        Assert.Equal("/signin-error", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains($"data-reason=\"{reason}\"", html);
        Assert.Contains(title, html);
        Assert.Contains("id=\"try-again\"", html);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain("   at ", html);
        return html;
    }

    /// <summary>One line from the sample's failure handler, no stack trace anywhere, and nothing of the callback's secrets.</summary>
    private static void AssertOneLogLine(MvcSampleHost sample, string kind, params string[] secrets)
    {
        var lines = sample.Logs.Lines();
        var failures = lines.Where(l => l.Contains(FailureCategory + ":", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(failures);
        Assert.StartsWith("Warning ", line);
        Assert.Contains($"({kind});", line);
        Assert.DoesNotContain("code none", line, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("\n   at ", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
