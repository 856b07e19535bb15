using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// What the instances of a test farm share: a real redis-server on a free loopback port, one GAM (the emulator, in its
/// own in-memory host at <c>/gam</c>) and one clock (the farm's wall clock, started at the real time because Redis
/// expires keys by its own). Instances are separate hosts, each with its own service provider.
/// </summary>
internal sealed class Farm : IAsyncDisposable
{
    public const string Authority = "http://localhost/gam";
    private readonly WebApplication _gam;
    private readonly List<FarmInstance> _instances = [];

    private Farm(RedisServer redis, WebApplication gam, FakeTimeProvider clock)
    {
        Redis = redis;
        _gam = gam;
        Clock = clock;
        Emulator = gam.Services.GetRequiredService<GamEmulator>();
    }

    public RedisServer Redis { get; }

    public FakeTimeProvider Clock { get; }

    public GamEmulator Emulator { get; }

    /// <summary>Refresh and code grants GAM answered (the token endpoint's calls).</summary>
    public long TokenGrants => Emulator.GetCallCount(GamEmulatorEndpoint.Token);

    public static async Task<Farm> StartAsync(Action<GamEmulatorOptions>? emulator = null)
    {
        var redis = await RedisServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateBuilder(FarmInstance.EmptyRoot());
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddGamEmulator(o =>
        {
            o.MaxTokenRenewals = 20;
            o.RotateRefreshTokens = true;
            emulator?.Invoke(o);
        });
        var gam = builder.Build();
        gam.MapGamEmulator("/gam");
        await gam.StartAsync();
        return new Farm(redis, gam, clock);
    }

    /// <summary>A handler that sends requests into the GAM host.</summary>
    public HttpMessageHandler CreateGamHandler() => _gam.GetTestServer().CreateHandler();

    public HttpClient CreateGamClient() => new(CreateGamHandler()) { BaseAddress = new Uri("http://localhost/") };

    public async Task<FarmInstance> MvcAsync(string name, Action<GamRedisOptions>? redis = null, Action<IServiceCollection>? services = null)
    {
        var instance = await FarmInstance.StartMvcAsync(this, name, redis, services);
        _instances.Add(instance);
        return instance;
    }

    public async Task<FarmInstance> ApiAsync(string name, string scheme = "Api", Action<GamRedisOptions>? redis = null, Action<IServiceCollection>? services = null)
    {
        var instance = await FarmInstance.StartApiAsync(this, name, scheme, redis, services);
        _instances.Add(instance);
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        foreach (var instance in _instances)
        {
            instance.Backchannel.Release();
        }

        await _gam.StopAsync();
        await _gam.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
