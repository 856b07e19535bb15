using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using GamAuthentication.Bearer;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.OpenIdConnect.Tests.Infrastructure;

/// <summary>What <see cref="OidcHost"/> builds.</summary>
internal sealed class OidcHostOptions
{
    /// <summary>
    /// The settings, as a site would write them in appsettings.json: by default only Authority, ClientId,
    /// ClientSecret and EndpointProfile for the sign-in scheme, the API scheme and the token client.
    /// </summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.Ordinal)
    {
        ["Authentication:Schemes:Oidc:Authority"] = OidcHost.Authority,
        ["Authentication:Schemes:Oidc:ClientId"] = GamEmulatorDefaults.ClientId,
        ["Authentication:Schemes:Oidc:ClientSecret"] = GamEmulatorDefaults.ClientSecret,
        ["Authentication:Schemes:Oidc:EndpointProfile"] = "OpenIdConnect",
        ["Authentication:Schemes:OidcApi:Authority"] = OidcHost.Authority,
        ["Authentication:Schemes:OidcApi:EndpointProfile"] = "OpenIdConnect",
        ["TokenClient:Authority"] = OidcHost.Authority,
        ["TokenClient:ClientId"] = GamEmulatorDefaults.ClientId,
        ["TokenClient:ClientSecret"] = GamEmulatorDefaults.ClientSecret,
        ["TokenClient:EndpointProfile"] = "OpenIdConnect",
    };

    /// <summary>Whether <c>AddGamOpenIdConnect()</c> is called.</summary>
    public bool AddOpenIdConnectLibrary { get; set; } = true;

    /// <summary>Also registers a GAM scheme <c>Gam</c> against the emulator's GAM routes, beside the OIDC one.</summary>
    public bool AddGamScheme { get; set; }

    public Action<GamOptions>? Gam { get; set; }

    public Action<GamBearerOptions>? Bearer { get; set; }

    public Action<GamEmulatorOptions>? Emulator { get; set; }
}

/// <summary>
/// One in-process <see cref="TestServer"/> hosting the emulator's OpenID Connect provider at <c>/oidc/2</c> (and GAM at
/// <c>/gam</c>) and a client app: cookie + <c>AddGam("Oidc")</c> for sign-in, <c>AddGamBearer("OidcApi")</c> for
/// <c>/api/me</c>, and a token client <c>oidc</c>, all with the OpenID Connect profile and a
/// <see cref="FakeTimeProvider"/>. Every backchannel call goes through <see cref="Backchannel"/>, which records it and
/// can answer instead of the provider.
/// </summary>
internal sealed class OidcHost : IAsyncDisposable
{
    public const string Authority = "https://localhost/oidc/2";
    public const string Scheme = "Oidc";
    public const string ApiScheme = "OidcApi";
    public const string TokenClientName = "oidc";
    public const string MetadataAddress = Authority + "/.well-known/openid-configuration";

    private readonly WebApplication _app;

    private OidcHost(WebApplication app, RecordingHttpHandler backchannel, FakeTimeProvider clock, ConcurrentQueue<Exception> failures)
    {
        _app = app;
        Backchannel = backchannel;
        Clock = clock;
        Logs = app.Services.GetFakeLogCollector();
        Failures = failures;
        Server = app.GetTestServer();
    }

    public TestServer Server { get; }

    public IServiceProvider Services => _app.Services;

    public GamEmulator Emulator => _app.Services.GetRequiredService<GamEmulator>();

    public GamEmulatorOpenIdConnect Provider => Emulator.OpenIdConnect;

    public RecordingHttpHandler Backchannel { get; }

    /// <summary>The one clock of the provider, the handlers and the token client.</summary>
    public FakeTimeProvider Clock { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>The exceptions seen by <c>OnRemoteFailure</c>.</summary>
    public ConcurrentQueue<Exception> Failures { get; }

    public static async Task<OidcHost> StartAsync(Action<OidcHostOptions>? configure = null)
    {
        var options = new OidcHostOptions();
        configure?.Invoke(options);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer(o => o.BaseAddress = new Uri("https://localhost/"));
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(options.Configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        builder.Services.AddSingleton<TimeProvider>(clock);
        var failures = new ConcurrentQueue<Exception>();
        WebApplication? app = null;
        var backchannel = new RecordingHttpHandler(() => app!.GetTestServer().CreateHandler());

        builder.Services.AddGamEmulator(o =>
        {
            o.TimeProvider = clock;
            o.MaxTokenRenewals = 5;
            options.Emulator?.Invoke(o);
        });
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        foreach (var client in new[] { GamDefaults.BackchannelClientName(Scheme), GamDefaults.BackchannelClientName(ApiScheme), GamDefaults.BackchannelClientName("Gam"), GamTokenDefaults.TokenClientHttpClientName(TokenClientName) })
        {
            builder.Services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(() => backchannel);
        }

        if (options.AddOpenIdConnectLibrary)
        {
            builder.Services.AddGamOpenIdConnect();
        }

        builder.Services.AddAuthorization(o => o.AddPolicy("api", p => p.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser()));
        var authentication = builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddCookie()
            .AddGam(Scheme, o =>
            {
                o.Events.OnRemoteFailure = context =>
                {
                    failures.Enqueue(context.Failure!);
                    context.Response.Redirect("/error?message=" + Uri.EscapeDataString(context.Failure?.Message ?? string.Empty));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
                options.Gam?.Invoke(o);
            })
            .AddGamBearer(ApiScheme, o => options.Bearer?.Invoke(o));
        if (options.AddGamScheme)
        {
            authentication.AddGam("Gam", o =>
            {
                o.Authority = "https://localhost/gam";
                o.ClientId = GamEmulatorDefaults.ClientId;
                o.ClientSecret = GamEmulatorDefaults.ClientSecret;
                o.CallbackPath = "/signin-gam-classic";
                o.SignedOutCallbackPath = "/signout-callback-gam-classic";
            });
        }

        builder.Services.AddGamTokenClient(TokenClientName, builder.Configuration.GetSection("TokenClient"));
        builder.Services.AddHealthChecks().AddGamHealthCheck(Scheme, name: "oidc-sign-in").AddGamHealthCheck(ApiScheme, name: "oidc-api");

        app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGamEmulator("/gam");
        app.MapGamOpenIdConnectEmulator("/oidc/2");

        app.MapGet("/protected", (ClaimsPrincipal user) => "Hello " + user.Identity?.Name).RequireAuthorization();
        app.MapGet("/login-gam", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/claims" }, ["Gam"]));
        app.MapGet("/claims", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync();
            return Results.Json(View(result.Principal!, result.Properties));
        }).RequireAuthorization();
        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Json(View(user, null))).RequireAuthorization("api");
        // The signed-in user's token and sign-out, of the OIDC scheme or of the one the URL names (an app whose sign-out
        // link or API call picks the scheme, e.g. from a "provider" parameter).
        app.MapGet("/user-token/{scheme?}", async (HttpContext context, string? scheme) =>
        {
            var token = await context.GetGamUserAccessTokenAsync(new GamUserAccessTokenOptions { Scheme = scheme ?? Scheme });
            return Results.Json(new { Status = token.Status.ToString(), token.AccessToken, token.IsRefreshed, token.Reason });
        }).RequireAuthorization();
        app.MapGet("/signout/{scheme?}", (HttpContext context, string? scheme) => context.SignOutAsync(scheme ?? Scheme, new AuthenticationProperties { RedirectUri = "/signed-out" }));
        app.MapGet("/signed-out", () => "Signed out");
        app.MapGet("/error", (string? message) => Results.Text("Sign-in failed: " + message));

        await app.StartAsync();
        return new OidcHost(app, backchannel, clock, failures);
    }

    public TestBrowser CreateBrowser() => new(Server.CreateHandler(), new Uri("https://localhost/"));

    public HttpClient CreateClient() => Server.CreateClient();

    public GamTokenClient TokenClient() => Services.GetRequiredService<GamTokenClientFactory>().Create(TokenClientName);

    /// <summary>GET <c>/protected</c> while signed out: the challenge's redirect to the provider's authorization endpoint.</summary>
    public static async Task<Uri> ChallengeAsync(TestBrowser browser, string path = "/protected")
    {
        using var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return browser.Location(response);
    }

    /// <summary>The provider's sign-in page, filled in and submitted: the provider's answer (a redirect to the callback when accepted).</summary>
    public static Task<HttpResponseMessage> SubmitCredentialsAsync(TestBrowser browser, Uri authorizeUrl, string userName = GamEmulatorDefaults.AdminUserName, string password = GamEmulatorDefaults.AdminPassword) =>
        browser.SignInOnProviderPageAsync(authorizeUrl, userName, password);

    /// <summary>The whole sign-in; returns the final response (the protected page, or the error page).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(TestBrowser browser, string path = "/protected", string userName = GamEmulatorDefaults.AdminUserName, string password = GamEmulatorDefaults.AdminPassword)
    {
        var authorize = await ChallengeAsync(browser, path);
        using var answer = await SubmitCredentialsAsync(browser, authorize, userName, password);
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        var response = await browser.GetAsync(browser.Location(answer));
        return await browser.FollowRedirectsAsync(response, until: IsProviderUrl);
    }

    /// <summary>The signed-in user's claims and saved tokens, or null when not signed in.</summary>
    public static async Task<UserView?> GetClaimsAsync(TestBrowser browser)
    {
        using var response = await browser.GetAsync("/claims");
        if (response.StatusCode == HttpStatusCode.Found)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<UserView>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web);
    }

    /// <summary>Asserts a failed sign-in ended on the error page and the user is not signed in; returns the message shown.</summary>
    public async Task<string> AssertFailedAsync(TestBrowser browser, HttpResponseMessage final)
    {
        Assert.Equal("/error", final.RequestMessage!.RequestUri!.AbsolutePath);
        var message = TestBrowser.Query(final.RequestMessage.RequestUri)["message"];
        Assert.Null(await GetClaimsAsync(browser));
        Assert.NotEmpty(Failures);
        return message;
    }

    public static bool IsProviderUrl(Uri url) =>
        url.AbsolutePath.StartsWith("/oidc/2/", StringComparison.Ordinal) || url.AbsolutePath.StartsWith("/gam/", StringComparison.Ordinal);

    /// <summary>How many times the discovery document was asked for.</summary>
    public int DiscoveryReads => Backchannel.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal));

    /// <summary>How many times the JWKS document was asked for.</summary>
    public int KeyReads => Backchannel.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/oidc/2/certs", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static UserView View(ClaimsPrincipal user, AuthenticationProperties? properties) => new(
        user.Identity?.Name,
        user.Identity?.AuthenticationType,
        [.. user.Claims.Select(c => new ClaimView(c.Type, c.Value))],
        (properties?.GetTokens() ?? []).ToDictionary(t => t.Name, t => t.Value));
}

internal sealed record ClaimView(string Type, string Value);

internal sealed record UserView(string? Name, string? AuthenticationType, ClaimView[] Claims, Dictionary<string, string> Tokens)
{
    public string[] Values(string type) => [.. Claims.Where(c => c.Type == type).Select(c => c.Value)];
}
