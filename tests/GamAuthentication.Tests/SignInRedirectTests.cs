using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tests;

/// <summary>
/// An attacker on the path to GAM answers the code exchange or the userinfo call with a redirect to an origin that
/// plays along (it hands out a token and an Administrator). The sign-in must fail, naming the redirect, and nothing
/// (secret, code, verifier, token) may reach the other origin. GAM is real Kestrel on loopback and the backchannel
/// is the real client from IHttpClientFactory.
/// </summary>
public sealed class SignInRedirectTests : IAsyncLifetime
{
    private RedirectingGam _gam = null!;

    public static TheoryData<string, int> Calls()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in new[] { "/oauth/gam/access_token", "/oauth/gam/userinfo" })
        {
            foreach (var status in new[] { 301, 302, 303, 307, 308 })
            {
                data.Add(path, status);
            }
        }

        return data;
    }

    public async Task InitializeAsync() => _gam = await RedirectingGam.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_redirect_from_GAM_fails_the_sign_in_and_reaches_nobody(string path, int status)
    {
        await using var app = await SignInApp.StartAsync(_gam);
        using var browser = app.CreateBrowser();
        var callback = await app.SignInAtGamAsync(browser);
        _gam.Redirect(path, status);

        var message = await app.CompleteAndExpectFailureAsync(browser, callback);

        Assert.Contains($"answered HTTP {status}, a redirect to {_gam.ForeignOrigin}", message, StringComparison.Ordinal);
        Assert.Contains("Check Authority", message, StringComparison.Ordinal);
        Assert.DoesNotContain("?", message, StringComparison.Ordinal);
        Assert.Empty(_gam.ForeignReceived);
        Assert.False(await app.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task A_primary_handler_the_app_configured_to_follow_redirects_is_made_to_refuse_them()
    {
        await using var app = await SignInApp.StartAsync(_gam, services => services
            .AddHttpClient(GamDefaults.BackchannelClientName(GamDefaults.AuthenticationScheme))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true }));
        using var browser = app.CreateBrowser();
        var callback = await app.SignInAtGamAsync(browser);
        _gam.Redirect("/oauth/gam/access_token", 307);

        var message = await app.CompleteAndExpectFailureAsync(browser, callback);

        Assert.Contains("answered HTTP 307", message, StringComparison.Ordinal);
        Assert.Empty(_gam.ForeignReceived);
    }

    [Theory]
    [InlineData("/oauth/gam/access_token")]
    [InlineData("/oauth/gam/userinfo")]
    public async Task The_answer_of_a_backchannel_set_in_code_that_followed_a_redirect_is_not_believed(string path)
    {
        // The application's own HttpClient follows redirects; the library cannot stop it from sending, but it never
        // believes what came back from another URL than the one it asked.
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        await using var app = await SignInApp.StartAsync(_gam, configure: o => o.Backchannel = following);
        using var browser = app.CreateBrowser();
        var callback = await app.SignInAtGamAsync(browser);
        _gam.Redirect(path, 302);

        var message = await app.CompleteAndExpectFailureAsync(browser, callback);

        Assert.Contains($"the backchannel followed a redirect from GAM's", message, StringComparison.Ordinal);
        Assert.Contains($"to {_gam.ForeignOrigin}", message, StringComparison.Ordinal);
        Assert.NotEmpty(_gam.ForeignReceived);
        Assert.False(await app.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task A_backchannel_handler_that_follows_redirects_stops_start_up()
    {
        using var handler = new SocketsHttpHandler();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => SignInApp.StartAsync(_gam, configure: o => o.BackchannelHttpHandler = handler));

        Assert.Contains("BackchannelHttpHandler (Authentication:Schemes:Gam:BackchannelHttpHandler) follows redirects: set AllowAutoRedirect = false", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_redirect_the_same_setup_signs_in()
    {
        await using var app = await SignInApp.StartAsync(_gam);
        using var browser = app.CreateBrowser();
        var callback = await app.SignInAtGamAsync(browser);

        using var final = await browser.FollowRedirectsAsync(await browser.GetAsync(callback));

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("Hello demo", await final.Content.ReadAsStringAsync());
    }

    /// <summary>A client app in a TestServer signing in against <see cref="RedirectingGam"/> over real sockets.</summary>
    private sealed class SignInApp : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly RedirectingGam _gam;

        private SignInApp(WebApplication app, RedirectingGam gam, ConcurrentQueue<Exception> failures)
        {
            _app = app;
            _gam = gam;
            Failures = failures;
        }

        public ConcurrentQueue<Exception> Failures { get; }

        public static async Task<SignInApp> StartAsync(RedirectingGam gam, Action<IServiceCollection>? services = null, Action<GamOptions>? configure = null)
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer(o => o.BaseAddress = new Uri("https://localhost/"));
            builder.Logging.ClearProviders();
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
            var failures = new ConcurrentQueue<Exception>();
            builder.Services.AddAuthorization();
            builder.Services
                .AddAuthentication(o =>
                {
                    o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    o.DefaultChallengeScheme = GamDefaults.AuthenticationScheme;
                })
                .AddCookie()
                .AddGam(o =>
                {
                    o.Authority = gam.Authority;
                    o.ClientId = GamEmulatorDefaults.ClientId;
                    o.ClientSecret = GamEmulatorDefaults.ClientSecret;
                    o.Events.OnRemoteFailure = context =>
                    {
                        failures.Enqueue(context.Failure!);
                        context.Response.Redirect("/error?message=" + Uri.EscapeDataString(context.Failure?.Message ?? string.Empty));
                        context.HandleResponse();
                        return Task.CompletedTask;
                    };
                    configure?.Invoke(o);
                });
            services?.Invoke(builder.Services);
            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/protected", (ClaimsPrincipal user) => "Hello " + user.Identity?.Name).RequireAuthorization();
            app.MapGet("/error", (string? message) => Results.Text(message ?? string.Empty));
            await app.StartAsync();
            return new SignInApp(app, gam, failures);
        }

        public TestBrowser CreateBrowser() => new(_app.GetTestServer().CreateHandler(), new Uri("https://localhost/"));

        /// <summary>Challenge, then GAM's form over real sockets; returns the callback URL GAM sent the browser to.</summary>
        public async Task<Uri> SignInAtGamAsync(TestBrowser browser)
        {
            using var challenge = await browser.GetAsync("/protected");
            Assert.Equal(HttpStatusCode.Found, challenge.StatusCode);
            var authorize = browser.Location(challenge);
            Assert.StartsWith(_gam.Authority, authorize.ToString(), StringComparison.Ordinal);

            using var gamBrowser = new TestBrowser(new SocketsHttpHandler { AllowAutoRedirect = false }, new Uri(_gam.Authority));
            using var form = await gamBrowser.GetAsync(authorize);
            using var posted = await gamBrowser.SubmitFormAsync(form, new Dictionary<string, string> { ["username"] = "demo", ["password"] = "demo" });
            Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
            return gamBrowser.Location(posted);
        }

        /// <summary>Follows the callback; asserts it ended on the error page and returns the failure message.</summary>
        public async Task<string> CompleteAndExpectFailureAsync(TestBrowser browser, Uri callback)
        {
            using var final = await browser.FollowRedirectsAsync(await browser.GetAsync(callback));
            Assert.Equal("/error", final.RequestMessage!.RequestUri!.AbsolutePath);
            var failure = Assert.Single(Failures);
            Assert.Equal(await final.Content.ReadAsStringAsync(), failure.Message);
            return failure.Message;
        }

        public async Task<bool> IsSignedInAsync(TestBrowser browser)
        {
            using var response = await browser.GetAsync("/protected");
            return response.StatusCode == HttpStatusCode.OK;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
