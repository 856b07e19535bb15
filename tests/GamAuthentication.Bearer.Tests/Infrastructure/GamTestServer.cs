using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>The GAM emulator in its own in-memory host, mounted at <c>/gam</c>: the GAM that API test hosts call.</summary>
internal sealed class GamTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GamTestServer(WebApplication app)
    {
        _app = app;
        Emulator = app.Services.GetRequiredService<GamEmulator>();
    }

    public const string Authority = "http://localhost/gam";

    public GamEmulator Emulator { get; }

    public long UserInfoCalls => Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo);

    public static async Task<GamTestServer> StartAsync(Action<GamEmulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(TestHostRoot.Options());
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddGamEmulator(configure);
        var app = builder.Build();
        app.MapGamEmulator("/gam");
        await app.StartAsync();
        return new GamTestServer(app);
    }

    /// <summary>A handler that sends requests into this in-memory server.</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    public string IssueToken(string userName = GamEmulatorDefaults.DemoUserName) => Emulator.IssueToken(userName).AccessToken;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
