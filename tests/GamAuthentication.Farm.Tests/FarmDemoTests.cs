using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using GamAuthentication.Emulator;
using GamAuthentication.Samples.Farm;
using GamAuthentication.Testing;
using Xunit.Abstractions;

namespace GamAuthentication.Farm.Tests;

/// <summary>
/// The farm demo as a user meets it: the launcher (the code behind the Farm target) starts Redis, one GAM emulator,
/// 3 MVC and 2 API sample processes and the YARP balancer on free ports; a cookie-keeping HTTP client signs in through
/// the balancer, calls the API across token refreshes, signs out, and ends all sessions of a user from another browser
/// ("sign out everywhere"). Round-robin without affinity sends
/// consecutive requests to different processes, so every step that works proves the state it needs is shared.
/// </summary>
public sealed partial class FarmDemoTests(ITestOutputHelper output)
{
    private const string InstanceHeader = "X-Gam-Instance";

    [Fact]
    public async Task Sign_in_api_calls_past_the_refresh_point_and_sign_out_work_through_the_balancer_on_different_instances()
    {
        var log = new ConcurrentQueue<string>();
        try
        {
            // 2 s tokens: the user-token manager refreshes at half the lifetime, so the session's token is soon past its
            // refresh point and then past its expiry; whichever instance a request lands on refreshes it (one refresh
            // across the farm) and the others read the new tokens from the server-side session.
            await using var farm = await FarmLauncher.StartAsync(
                new FarmSettings(BasePort: 0, AccessTokenLifetimeSeconds: 2, ServerSideSessions: true), log.Enqueue, CancellationToken.None);
            using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            using var browser = new TestBrowser(handler, farm.MvcUrl);
            var mvcInstances = new List<string>();

            // Sign-in: the challenge on one instance, the GAM callback on the next (the correlation cookie and state
            // were protected by the first).
            await SignInAsync(farm, browser, mvcInstances);
            Assert.NotEqual(mvcInstances[0], mvcInstances[1]);

            var first = await HomeFingerprintAsync(browser, mvcInstances);

            // The API through both balancers, over and over until the token has been replaced: polling for the
            // refresh with a generous deadline, every call a success, on whichever MVC instance it lands.
            var fingerprint = first;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var calls = 0;
            while (fingerprint == first || calls < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The access token was not refreshed within 60 s ({calls} API calls).");
                await CallApiAsync(browser, mvcInstances);
                calls++;
                fingerprint = await HomeFingerprintAsync(browser, mvcInstances);
            }

            // Once refreshed, the API calls keep working (the refreshed tokens are seen by every instance).
            for (var i = 0; i < 3; i++)
            {
                await CallApiAsync(browser, mvcInstances);
            }

            Assert.Equal(farm.Ports.Mvc.Count, mvcInstances.Distinct(StringComparer.Ordinal).Count());

            using var apiClient = new HttpClient(handler, disposeHandler: false) { BaseAddress = farm.ApiUrl };
            var apiInstances = new List<string>();
            for (var i = 0; i < farm.Ports.Api.Count; i++)
            {
                using var ping = await apiClient.GetAsync("/api/ping");
                Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
                apiInstances.Add(Instance(ping));
            }

            Assert.Equal(farm.Ports.Api.Count, apiInstances.Distinct(StringComparer.Ordinal).Count());

            // Sign-out: the confirmation page on one instance, its POST (antiforgery token from that page) on another,
            // then GAM, then back through the balancer, signed out everywhere.
            using var confirm = await browser.GetAsync("/signout");
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            using var signOut = await browser.SubmitFormAsync(confirm, new Dictionary<string, string>(StringComparer.Ordinal));
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            Assert.StartsWith(farm.GamAuthority.ToString(), browser.Location(signOut).ToString(), StringComparison.Ordinal);
            using var landed = await browser.FollowRedirectsAsync(signOut);
            Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
            Assert.Equal(farm.MvcUrl.Authority, landed.RequestMessage!.RequestUri!.Authority);

            for (var i = 0; i < farm.Ports.Mvc.Count; i++)
            {
                using var home = await browser.GetAsync("/");
                Assert.Contains("id=\"hero-sign-in\"", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var protectedPage = await browser.GetAsync("/call-api");
            Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode);
            Assert.StartsWith(farm.GamAuthority.ToString(), browser.Location(protectedPage).ToString(), StringComparison.Ordinal);

            // Sign out everywhere: the same user in two more browsers; one ends all sessions, the other is signed out on
            // every instance.
            using var handlerB = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            using var handlerC = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            using var browserB = new TestBrowser(handlerB, farm.MvcUrl);
            using var browserC = new TestBrowser(handlerC, farm.MvcUrl);
            await SignInAsync(farm, browserB, []);
            await SignInAsync(farm, browserC, []);
            using var confirmB = await browserB.GetAsync("/signout");
            var confirmHtml = await confirmB.Content.ReadAsStringAsync();
            Assert.Contains("id=\"sign-out-everywhere\"", confirmHtml, StringComparison.Ordinal);
            using var everywhere = await browserB.PostFormAsync("/signout-everywhere",
                [new("__RequestVerificationToken", AntiforgeryToken(confirmHtml))]);
            Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
            Assert.StartsWith(farm.GamAuthority.ToString(), browserB.Location(everywhere).ToString(), StringComparison.Ordinal);
            for (var i = 0; i < farm.Ports.Mvc.Count; i++)
            {
                using var home = await browserC.GetAsync("/");
                Assert.Contains("id=\"hero-sign-in\"", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var line in log)
            {
                output.WriteLine(line);
            }
        }
    }

    private static async Task SignInAsync(FarmLauncher farm, TestBrowser browser, List<string> instances)
    {
        using var challenge = await browser.GetAsync("/signin");
        instances.Add(Instance(challenge));
        var authorize = browser.Location(challenge);
        Assert.StartsWith(farm.GamAuthority.ToString(), authorize.ToString(), StringComparison.Ordinal);
        using var accepted = await browser.SignInOnProviderPageAsync(authorize, GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword);
        var callbackUrl = browser.Location(accepted);
        Assert.Equal(farm.MvcUrl.Authority, callbackUrl.Authority);
        using var callback = await browser.GetAsync(callbackUrl);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        instances.Add(Instance(callback));
    }

    private static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryRegex().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token: " + html);
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    private static async Task<string> HomeFingerprintAsync(TestBrowser browser, List<string> instances)
    {
        using var home = await browser.GetAsync("/");
        var html = await home.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains($"id=\"session-user\">{GamEmulatorDefaults.DemoUserName}<", html, StringComparison.Ordinal);
        instances.Add(Instance(home));
        return Fingerprint(html);
    }

    private static async Task CallApiAsync(TestBrowser browser, List<string> instances)
    {
        using var call = await browser.GetAsync("/call-api");
        var html = await call.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Contains("data-outcome=\"Success\"", html, StringComparison.Ordinal);
        Assert.Contains($"&quot;name&quot;: &quot;{GamEmulatorDefaults.DemoUserName}&quot;", html, StringComparison.Ordinal);
        instances.Add(Instance(call));
    }

    private static string Instance(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues(InstanceHeader));

    private static string Fingerprint(string html)
    {
        var match = FingerprintRegex().Match(html);
        Assert.True(match.Success, "The page shows no access-token fingerprint: " + html);
        return match.Groups["fingerprint"].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex AntiforgeryRegex();

    [GeneratedRegex("id=\"session-token\"[^>]*>(?<fingerprint>[A-Za-z0-9_-]{8})", RegexOptions.CultureInvariant)]
    private static partial Regex FingerprintRegex();
}
