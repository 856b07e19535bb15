using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
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

namespace GamAuthentication.Tests.Infrastructure;

/// <summary>What <see cref="GamTestHost"/> builds.</summary>
internal sealed class GamTestHostOptions
{
    /// <summary>The scheme <c>AddGam</c> registers.</summary>
    public string Scheme { get; set; } = GamDefaults.AuthenticationScheme;

    /// <summary>Whether the emulator is mounted at <c>/gam</c> on the same server.</summary>
    public bool UseEmulator { get; set; } = true;

    /// <summary>Configures the GAM options after the defaults of the test (emulator authority, demo client).</summary>
    public Action<GamOptions>? Gam { get; set; }

    /// <summary>Configures the emulator after the defaults of the test (the clock, the test user).</summary>
    public Action<GamEmulatorOptions>? Emulator { get; set; }

    /// <summary>Configuration values (e.g. <c>Authentication:Schemes:Gam:ClientId</c>).</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.Ordinal);

    /// <summary>The lowest level captured by <see cref="GamTestHost.Logs"/>.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;
}

/// <summary>
/// One in-process <see cref="TestServer"/> hosting a client app (cookie + GAM schemes) and, at <c>/gam</c>, the GAM
/// emulator. The GAM backchannel (the <see cref="IHttpClientFactory"/> client <c>GamAuthentication.{scheme}</c>)
/// goes through <see cref="Backchannel"/>, which records every call and passes it on to the same server unless a
/// test makes it answer instead (fault injection).
/// </summary>
internal sealed class GamTestHost : IAsyncDisposable
{
    public static readonly Uri BaseAddress = new("https://localhost/");
    public const string Authority = "https://localhost/gam";

    /// <summary>A user whose password appears nowhere else, so tests can look for it in logs.</summary>
    public const string UserName = "tester";
    public const string Password = "Pw-9f27c1d4e8b3-secret";
    public const string UserGuid = "6f1c2e7a-9b3d-4c5e-8f70-1a2b3c4d5e6f";
    public const string ClientSecret = GamEmulatorDefaults.ClientSecret;

    private readonly WebApplication _app;

    private GamTestHost(WebApplication app, GamTestHostOptions options, RecordingHttpHandler backchannel, FakeTimeProvider clock, ConcurrentQueue<Exception> failures)
    {
        _app = app;
        Options = options;
        Backchannel = backchannel;
        Clock = clock;
        Logs = app.Services.GetFakeLogCollector();
        Failures = failures;
        Server = app.GetTestServer();
    }

    public GamTestHostOptions Options { get; }

    public TestServer Server { get; }

    public IServiceProvider Services => _app.Services;

    public GamEmulator Emulator => _app.Services.GetRequiredService<GamEmulator>();

    /// <summary>Every backchannel request of the GAM scheme; set <see cref="RecordingHttpHandler.Respond"/> to inject faults.</summary>
    public RecordingHttpHandler Backchannel { get; }

    /// <summary>The emulator's clock.</summary>
    public FakeTimeProvider Clock { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>The exceptions seen by <c>OnRemoteFailure</c>.</summary>
    public ConcurrentQueue<Exception> Failures { get; }

    public static async Task<GamTestHost> StartAsync(Action<GamTestHostOptions>? configure = null)
    {
        var options = new GamTestHostOptions();
        configure?.Invoke(options);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer(o => o.BaseAddress = BaseAddress);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(options.Configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);

        // Only the emulator runs on this clock; the client app runs on the system clock. Both start at the same instant.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var failures = new ConcurrentQueue<Exception>();
        RecordingHttpHandler? backchannel = null;
        WebApplication? app = null;
        backchannel = new RecordingHttpHandler(() => app!.GetTestServer().CreateHandler());

        if (options.UseEmulator)
        {
            builder.Services.AddGamEmulator(o =>
            {
                o.TimeProvider = clock;
                o.Users = GamEmulatorDefaults.CreateUsers();
                o.Users.Add(new GamEmulatorUser
                {
                    Guid = UserGuid,
                    UserName = UserName,
                    Password = Password,
                    Email = "tester@example.com",
                    FirstName = "Test",
                    LastName = "Er",
                    ExternalId = "tester-ext",
                    CustomInfo = "{\"Department\":\"QA\"}",
                    Roles = ["Administrator", "Auditor"],
                    Attributes = [new GamEmulatorAttribute { Id = "EmployeeID", Value = "4711" }],
                });
                options.Emulator?.Invoke(o);
            });
        }

        // Keys in memory: hosts running in parallel never share (or write) a key ring on disk.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHttpClient(GamDefaults.BackchannelClientName(options.Scheme))
            .ConfigurePrimaryHttpMessageHandler(() => backchannel);
        builder.Services.AddAuthorization();
        builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = options.Scheme;
            })
            .AddCookie()
            .AddGam(options.Scheme, o =>
            {
                o.Authority ??= Authority;
                o.ClientId ??= GamEmulatorDefaults.ClientId;
                o.ClientSecret ??= ClientSecret;
                o.Events.OnRemoteFailure = context =>
                {
                    failures.Enqueue(context.Failure!);
                    context.Response.Redirect("/error?message=" + Uri.EscapeDataString(context.Failure?.Message ?? string.Empty));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
                options.Gam?.Invoke(o);
            });

        app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        if (options.UseEmulator)
        {
            app.MapGamEmulator("/gam");
        }

        app.MapGet("/protected", (ClaimsPrincipal user) => "Hello " + user.Identity?.Name).RequireAuthorization();
        app.MapGet("/claims", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync();
            var user = result.Principal!;
            return Results.Json(new
            {
                name = user.Identity?.Name,
                authenticationType = user.Identity?.AuthenticationType,
                claims = user.Claims.Select(c => new ClaimDto(c.Type, c.Value, c.ValueType, c.Issuer)).ToArray(),
                tokens = (result.Properties?.GetTokens() ?? []).ToDictionary(t => t.Name, t => t.Value),
                isAdministrator = user.IsInRole("Administrator"),
            });
        }).RequireAuthorization();
        app.MapGet("/error", (string? message) => Results.Text("Sign-in failed: " + message));

        await app.StartAsync();
        return new GamTestHost(app, options, backchannel, clock, failures);
    }

    public TestBrowser CreateBrowser() => new(Server.CreateHandler(), BaseAddress);

    /// <summary>GET <c>/protected</c> while signed out: the challenge's redirect to GAM's sign-in page.</summary>
    public static async Task<Uri> ChallengeAsync(TestBrowser browser)
    {
        using var response = await browser.GetAsync("/protected");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return browser.Location(response);
    }

    /// <summary>Opens GAM's sign-in page and submits the credentials; returns GAM's answer (a redirect to the callback when accepted).</summary>
    public static async Task<HttpResponseMessage> SubmitCredentialsAsync(TestBrowser browser, Uri authorizeUrl, string userName = UserName, string password = Password)
    {
        using var page = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await browser.SubmitFormAsync(page, new Dictionary<string, string> { ["username"] = userName, ["password"] = password });
    }

    /// <summary>Challenge and GAM sign-in: returns the callback URL (with code and state) GAM redirected to, not yet followed.</summary>
    public static async Task<Uri> GetCallbackAsync(TestBrowser browser, string userName = UserName, string password = Password)
    {
        var authorize = await ChallengeAsync(browser);
        using var answer = await SubmitCredentialsAsync(browser, authorize, userName, password);
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        return browser.Location(answer);
    }

    /// <summary>Follows a callback URL and its redirects; returns the final response (the protected page, or the error page).</summary>
    public static async Task<HttpResponseMessage> CompleteAsync(TestBrowser browser, Uri callback)
    {
        var response = await browser.GetAsync(callback);
        return await browser.FollowRedirectsAsync(response, until: IsGamUrl);
    }

    /// <summary>The whole sign-in; returns the final response.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(TestBrowser browser, string userName = UserName, string password = Password) =>
        await CompleteAsync(browser, await GetCallbackAsync(browser, userName, password));

    /// <summary>The signed-in user's claims and saved tokens, or null when <c>/claims</c> challenges (not signed in).</summary>
    public static async Task<ClaimsView?> GetClaimsAsync(TestBrowser browser)
    {
        using var response = await browser.GetAsync("/claims");
        if (response.StatusCode == HttpStatusCode.Found)
        {
            Assert.True(IsGamUrl(browser.Location(response)), "a signed-out /claims must challenge to GAM");
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<ClaimsView>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web);
    }

    /// <summary>Asserts a failed sign-in ended on the error page, returns the message shown there, and checks the user is not signed in.</summary>
    public async Task<string> AssertFailedAsync(TestBrowser browser, HttpResponseMessage final)
    {
        ArgumentNullException.ThrowIfNull(final);
        Assert.Equal("/error", final.RequestMessage!.RequestUri!.AbsolutePath);
        var message = TestBrowser.Query(final.RequestMessage.RequestUri)["message"];
        Assert.Null(await GetClaimsAsync(browser));
        Assert.NotEmpty(Failures);
        return message;
    }

    public static bool IsGamUrl(Uri url) => url.AbsolutePath.StartsWith("/gam/", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ClaimDto(string Type, string Value, string ValueType, string Issuer);

internal sealed record ClaimsView(string? Name, string? AuthenticationType, ClaimDto[] Claims, Dictionary<string, string> Tokens, bool IsAdministrator)
{
    public string[] Values(string type) => Claims.Where(c => c.Type == type).Select(c => c.Value).ToArray();
}
