using System.Collections.Concurrent;
using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.Samples.Api;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.BrowserTests;

/// <summary>
/// The token lifecycle in a real browser: the MVC sample calls the API sample on behalf of the signed-in user,
/// keeps doing so after the access token expires (a refresh), and GAM sign-out ends the token for the API too.
/// Both apps share one manual clock, so "the token expires" is a clock step, not a wait.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TokenLifecycleTests(BrowserFixture browser)
{
    private const int LifetimeSeconds = 300;

    [Fact]
    public async Task Call_api_keeps_working_past_the_token_lifetime_and_sign_out_ends_the_token_for_the_api()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var presented = new ConcurrentQueue<string>();
        var apiUrl = $"http://localhost:{FreePort.Next()}";

        await using var mvc = await MvcSampleHost.StartAsync(
            [
                $"--GamEmulator:AccessTokenLifetimeSeconds={LifetimeSeconds}",
                "--GamEmulator:MaxTokenRenewals=5",
                "--Samples:ApiBaseUrl=" + apiUrl,
            ],
            b => b.Services.AddSingleton<TimeProvider>(clock));
        var api = SampleApi.Create(
            [
                "--urls", apiUrl,
                "--environment", "Development",
                "--Authentication:Schemes:GamBearer:Authority=" + mvc.BaseUrl + "/gam",
            ],
            b =>
            {
                b.Services.AddSingleton<TimeProvider>(clock);
                b.Services.AddSingleton<IStartupFilter>(new RecordAuthorization(presented));
            });
        await api.StartAsync();
        try
        {
            var emulator = mvc.App.Services.GetRequiredService<GamEmulator>();
            await using var context = await browser.Browser.NewContextAsync();
            var page = await context.NewPageAsync();

            // Sign in on the way to /call-api; the API answers for demo.
            await page.GotoAsync(mvc.BaseUrl + "/call-api");
            await SignInTests.SignInAtGamAsync(page, "demo", "demo");
            await page.WaitForURLAsync(mvc.BaseUrl + "/call-api");
            Assert.Equal("200", await page.InnerTextAsync("#api-status"));
            Assert.Contains(GamEmulatorDefaults.DemoUserGuid, await page.InnerTextAsync("#api-result"));
            var tokenRequests = emulator.GetCallCount(GamEmulatorEndpoint.Token);
            var firstToken = presented.Last();

            // The access token expires; the next call refreshes it and still works.
            clock.Advance(TimeSpan.FromSeconds(LifetimeSeconds + 1));
            await page.GotoAsync(mvc.BaseUrl + "/call-api");
            Assert.Equal("200", await page.InnerTextAsync("#api-status"));
            Assert.Contains(GamEmulatorDefaults.DemoUserGuid, await page.InnerTextAsync("#api-result"));
            Assert.Equal(tokenRequests + 1, emulator.GetCallCount(GamEmulatorEndpoint.Token));
            var refreshedToken = presented.Last();
            Assert.NotEqual(firstToken, refreshedToken);

            // The refreshed tokens went back into the cookie: another call needs no refresh.
            await page.GotoAsync(mvc.BaseUrl + "/call-api");
            Assert.Equal("200", await page.InnerTextAsync("#api-status"));
            Assert.Equal(tokenRequests + 1, emulator.GetCallCount(GamEmulatorEndpoint.Token));
            Assert.Equal(refreshedToken, presented.Last());

            // Sign out goes through GAM's sign-out and back to the home page.
            await SignInTests.SignOutAsync(page, mvc.BaseUrl);
            Assert.Equal(1, await page.Locator("#sign-in").CountAsync());
            Assert.Equal(1, emulator.GetCallCount(GamEmulatorEndpoint.SignOut));

            // Once the API's answer cache has run out, the API rejects the ended token.
            clock.Advance(TimeSpan.FromMinutes(2));
            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, apiUrl + "/api/me");
            request.Headers.TryAddWithoutValidation("Authorization", refreshedToken);
            var rejected = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);

            // Rejected as a bad token (GAM ended it), not merely unauthenticated.
            Assert.Contains("error=\"invalid_token\"", rejected.Headers.WwwAuthenticate.ToString());
        }
        finally
        {
            await api.StopAsync();
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task Call_api_explains_when_the_api_is_not_running()
    {
        var closedPort = FreePort.Next();
        await using var mvc = await MvcSampleHost.StartAsync(["--Samples:ApiBaseUrl=http://localhost:" + closedPort]);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(mvc.BaseUrl + "/call-api");
        await SignInTests.SignInAtGamAsync(page, "demo", "demo");
        await page.WaitForURLAsync(mvc.BaseUrl + "/call-api");

        Assert.Equal("NotRunning", await page.GetAttributeAsync("#api-outcome", "data-outcome"));
        Assert.Contains("not running", await page.InnerTextAsync("#api-error"));
        var command = await page.InnerTextAsync("#api-command");
        Assert.Contains("dotnet run --project samples/GamAuthentication.Samples.Api", command);
        Assert.Contains("--Authentication:Schemes:GamBearer:Authority=" + mvc.BaseUrl + "/gam", command);
    }

    /// <summary>Records the Authorization header of every API request (the test needs the user's current token).</summary>
    private sealed class RecordAuthorization(ConcurrentQueue<string> presented) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                if (authorization.Length > 0)
                {
                    presented.Enqueue(authorization);
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
