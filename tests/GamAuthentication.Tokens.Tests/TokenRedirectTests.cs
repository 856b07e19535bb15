using System.Net;
using System.Security.Cryptography;
using System.Text;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Tokens.Tests;

/// <summary>
/// GAM's token endpoint answers with a redirect to an origin that plays along. No grant (password, API key,
/// refresh, second factor), no service token and no refresh of a signed-in user's token may follow it: the client
/// secret, password, API key and refresh token reach nobody, and the outcome is "unavailable", naming the target.
/// Real Kestrel on loopback; the real clients from IHttpClientFactory.
/// </summary>
public sealed class TokenRedirectTests : IAsyncLifetime
{
    private const string RestTokenPath = "/oauth/gam/v2.0/access_token";
    private RedirectingGam _gam = null!;

    public static TheoryData<string, int> GrantsAndStatuses()
    {
        var data = new TheoryData<string, int>();
        foreach (var grant in new[] { "password", "api key", "refresh", "second factor" })
        {
            foreach (var status in new[] { 301, 302, 303, 307, 308 })
            {
                data.Add(grant, status);
            }
        }

        return data;
    }

    public async Task InitializeAsync() => _gam = await RedirectingGam.StartAsync(o =>
    {
        o.MaxTokenRenewals = 5;
        o.AccessTokenLifetimeSeconds = 60;
    });

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Theory]
    [MemberData(nameof(GrantsAndStatuses))]
    public async Task No_grant_follows_a_redirect(string grant, int status)
    {
        await using var services = TokenClientServices();
        var client = services.GetRequiredService<GamTokenClient>();
        var refreshToken = _gam.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).RefreshToken;
        _gam.Redirect(RestTokenPath, status);

        var result = grant switch
        {
            "password" => await client.RequestPasswordTokenAsync(GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword),
            "api key" => await client.RequestApiKeyTokenAsync(GamEmulatorDefaults.DemoApiKey),
            "refresh" => await client.RefreshTokenAsync(refreshToken),
            _ => await client.CompleteSecondFactorAsync(new GamPasswordTokenRequest(GamEmulatorDefaults.OtpUserName, GamEmulatorDefaults.OtpPassword), GamEmulatorDefaults.OtpCode),
        };

        Assert.Equal(GamTokenResultStatus.Unavailable, result.Status);
        Assert.Null(result.Token);
        Assert.Contains($"answered HTTP {status}, a redirect to {_gam.ForeignOrigin}", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Check Authority", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_gam.ForeignReceived);
    }

    [Fact]
    public async Task Without_a_redirect_the_same_client_gets_a_token()
    {
        await using var services = TokenClientServices();

        var result = await services.GetRequiredService<GamTokenClient>().RequestPasswordTokenAsync(GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword);

        Assert.True(result.IsSuccess, result.Reason);
    }

    [Fact]
    public async Task A_token_client_around_an_HttpClient_that_follows_redirects_does_not_believe_the_answer()
    {
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        var client = new GamTokenClient(following, new GamTokenClientOptions
        {
            Authority = _gam.Authority,
            ClientId = GamEmulatorDefaults.ClientId,
            ClientSecret = GamEmulatorDefaults.ClientSecret,
        });
        _gam.Redirect(RestTokenPath, 307);

        var result = await client.RequestPasswordTokenAsync(GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword);

        Assert.Equal(GamTokenResultStatus.Unavailable, result.Status);
        Assert.Contains("the backchannel followed a redirect", result.Reason, StringComparison.Ordinal);
        Assert.NotEmpty(_gam.ForeignReceived);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_service_token_is_not_obtained_through_a_redirect(int status)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient("downstream", c => c.BaseAddress = new Uri(_gam.ForeignOrigin))
            .AddGamClientAccessToken(o =>
            {
                o.Authority = _gam.Authority;
                o.ClientId = GamEmulatorDefaults.ClientId;
                o.ClientSecret = GamEmulatorDefaults.ClientSecret;
                o.ApiKey = GamEmulatorDefaults.DemoApiKey;
            });
        await using var provider = services.BuildServiceProvider();
        _gam.Redirect(RestTokenPath, status);

        var downstream = provider.GetRequiredService<IHttpClientFactory>().CreateClient("downstream");
        var failure = await Assert.ThrowsAsync<GamAuthenticationException>(() => downstream.GetAsync("/api"));

        Assert.Contains($"a redirect to {_gam.ForeignOrigin}", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_gam.ForeignReceived);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task The_refresh_of_a_signed_in_users_token_does_not_follow_a_redirect(int status)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartUserAppAsync(clock);
        var jar = await SignInThroughGamAsync(app);
        using var before = await CallAsync(app, jar);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var tokenBefore = await before.Content.ReadAsStringAsync();

        _gam.Redirect("/oauth/gam/access_token", status);
        clock.Advance(TimeSpan.FromSeconds(55));
        using var after = await CallAsync(app, jar);

        // GAM "unavailable": the user keeps the current token and stays signed in; nothing went to the other origin.
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(tokenBefore, await after.Content.ReadAsStringAsync());
        Assert.Empty(_gam.ForeignReceived);
        Assert.Contains(app.Services.GetFakeLogCollector().Lines(), l => l.Contains($"a redirect to {_gam.ForeignOrigin}", StringComparison.Ordinal));
    }

    private ServiceProvider TokenClientServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGamTokenClient(o =>
        {
            o.Authority = _gam.Authority;
            o.ClientId = GamEmulatorDefaults.ClientId;
            o.ClientSecret = GamEmulatorDefaults.ClientSecret;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>A signed-in app whose <c>/call</c> sends the user's token to its own <c>/downstream</c>, which answers a hash of it.</summary>
    private async Task<WebApplication> StartUserAppAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton(clock);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = GamDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddGam(o =>
            {
                o.Authority = _gam.Authority;
                o.ClientId = GamEmulatorDefaults.ClientId;
                o.ClientSecret = GamEmulatorDefaults.ClientSecret;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        WebApplication? app = null;
        builder.Services.AddHttpClient("api", c => c.BaseAddress = new Uri("http://localhost/"))
            .ConfigurePrimaryHttpMessageHandler(() => new LazyServerHandler(() => app!.GetTestServer().CreateHandler()))
            .AddGamUserAccessToken();
        app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/challenge", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/signed-in" }, [GamDefaults.AuthenticationScheme]));
        app.MapGet("/signed-in", () => "ok");
        app.MapGet("/call", async (IHttpClientFactory factory) =>
        {
            using var response = await factory.CreateClient("api").GetAsync("/downstream");
            return Results.Text(await response.Content.ReadAsStringAsync(), statusCode: (int)response.StatusCode);
        });
        app.MapGet("/downstream", (HttpContext context) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()))));
        await app.StartAsync();
        return app;
    }

    private async Task<CookieJar> SignInThroughGamAsync(WebApplication app)
    {
        var client = app.GetTestClient();
        var jar = new CookieJar();
        var challenge = await jar.GetAsync(client, "/challenge");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var gamBrowser = new TestBrowser(new SocketsHttpHandler { AllowAutoRedirect = false }, new Uri(_gam.Authority));
        using var form = await gamBrowser.GetAsync(challenge.Headers.Location!);
        using var posted = await gamBrowser.SubmitFormAsync(form, new Dictionary<string, string> { ["username"] = "demo", ["password"] = "demo" });
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        var callback = await jar.GetAsync(client, posted.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return jar;
    }

    private static Task<HttpResponseMessage> CallAsync(WebApplication app, CookieJar jar) =>
        app.GetTestClient().SendAsync(CookieJar.WithCookies("/call", jar.CookieHeader));
}
