using GamAuthentication.Samples.Mvc;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Playwright;

namespace GamAuthentication.BrowserTests;

/// <summary>
/// Starts Debian's Chromium through Playwright. Playwright's own browser download cannot work on these
/// machines, so the test command installs the <c>chromium</c> package and we launch /usr/bin/chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("GAM_CHROMIUM_PATH") ?? ChromiumPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {path}. The README's test command installs it (apt-get install -y chromium); " +
                "or set GAM_CHROMIUM_PATH.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>
/// The MVC sample, started as `dotnet run` starts it (Development, embedded emulator, the project folder as content
/// root so its appsettings.json and wwwroot are the real ones), on a free loopback port, with its log captured.
/// </summary>
public sealed class MvcSampleHost : IAsyncDisposable
{
    private MvcSampleHost(WebApplication app, string baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        Logs = app.Services.GetFakeLogCollector();
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    /// <summary>Every line the sample logged (after its appsettings.json filters).</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>The sample's project folder.</summary>
    public static string ContentRoot { get; } = FindContentRoot();

    public static async Task<MvcSampleHost> StartAsync(IEnumerable<string>? extraArgs = null, Action<WebApplicationBuilder>? configure = null)
    {
        var baseUrl = $"http://localhost:{FreePort.Next()}";
        string[] args = ["--urls", baseUrl, "--environment", "Development", "--contentRoot", ContentRoot, .. extraArgs ?? []];
        var app = SampleApp.Create(args, builder =>
        {
            builder.Logging.AddFakeLogging();
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new MvcSampleHost(app, baseUrl);
    }

    private static string FindContentRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "GamAuthentication.Samples.Mvc");
            if (File.Exists(Path.Combine(candidate, "GamAuthentication.Samples.Mvc.csproj")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"samples/GamAuthentication.Samples.Mvc was not found above {AppContext.BaseDirectory}.");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
