using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GamAuthentication.Bearer;

namespace GamAuthentication.Benchmarks;

/// <summary>
/// One authentication answered by the distributed cache with L1 off, against an in-process dictionary
/// instead of Redis: the handler's own cost of the L2 path (shared call, unprotect, deserialize), without
/// the network and the Redis client.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkShared.Config))]
public class DistributedCacheHitBenchmark
{
    private ServiceProvider _services = null!;
    private AuthenticationScheme _scheme = null!;
    private DefaultHttpContext _context = null!;

    [Params(true, false)]
    public bool Protect { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IDistributedCache, DictionaryCache>();
        services.AddAuthentication().AddGamBearer(o =>
        {
            o.Authority = "http://localhost/gam";
            o.BackchannelHttpHandler = new BenchmarkShared.StubUserInfo(BenchmarkShared.DemoUserInfo);
            o.CacheDuration = TimeSpan.FromHours(1);
            o.EnableMemoryCache = false;
            o.ProtectDistributedCache = Protect;
            o.SaveToken = false;
        });
        _services = services.BuildServiceProvider();
        _scheme = (await _services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(GamBearerDefaults.AuthenticationScheme))!;
        _context = new DefaultHttpContext { RequestServices = _services };
        _context.Request.Headers.Authorization = "Bearer 5b9c1f0e-7a4d-4c38-9e61-2f8a3d5c7b90!0a053e90a2747bb7b90d5a6ef113b3acd381fed73465ec62a9d5447c733df57a21484a0e76ad17b01f33309c1b3c4cc9";
        if (!(await AuthenticateFromDistributedCache()).Succeeded)
        {
            throw new InvalidOperationException("Set-up failed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public async Task<AuthenticateResult> AuthenticateFromDistributedCache()
    {
        var handler = _services.GetRequiredService<GamBearerHandler>();
        await handler.InitializeAsync(_scheme, _context);
        return await handler.AuthenticateAsync();
    }


    private sealed class DictionaryCache : IDistributedCache
    {
        private readonly ConcurrentDictionary<string, byte[]> _values = new();

        public byte[]? Get(string key) => _values.TryGetValue(key, out var v) ? v : null;

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

        public void Refresh(string key)
        {
        }

        public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Remove(string key) => _values.TryRemove(key, out _);

        public Task RemoveAsync(string key, CancellationToken token = default)
        {
            Remove(key);
            return Task.CompletedTask;
        }

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => _values[key] = value;

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Set(key, value, options);
            return Task.CompletedTask;
        }
    }
}
