using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GamAuthentication.Bearer;

namespace GamAuthentication.Benchmarks;

/// <summary>
/// One authentication whose token is in the in-memory cache (L1), as the authentication middleware runs it:
/// a handler from DI, initialised for the request, authenticated. Allocations are the point: the target is
/// at most 1 KB per cached authentication.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkShared.Config))]
public class CachedAuthenticationBenchmark
{
    /// <summary>A minimal user: subject, name, GUID and one role (4 claims).</summary>
    private const string MinimalUserInfo = """{"guid":"0c4e6b2a-8f1d-4a3b-9c5e-1d2f3a4b5c61","username":"demo","roles":["User"]}""";

    private const string Token = "5b9c1f0e-7a4d-4c38-9e61-2f8a3d5c7b90!0a053e90a2747bb7b90d5a6ef113b3acd381fed73465ec62a9d5447c733df57a21484a0e76ad17b01f33309c1b3c4cc9";

    private ServiceProvider _services = null!;
    private AuthenticationScheme _scheme = null!;
    private DefaultHttpContext _context = null!;

    [Params("demo (17 claims)", "minimal (4 claims)")]
    public string User { get; set; } = "demo (17 claims)";

    [Params(true, false)]
    public bool SaveToken { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var userInfo = User.StartsWith("demo", StringComparison.Ordinal) ? BenchmarkShared.DemoUserInfo : MinimalUserInfo;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddAuthentication().AddGamBearer(o =>
        {
            o.Authority = "http://localhost/gam";
            o.BackchannelHttpHandler = new BenchmarkShared.StubUserInfo(userInfo);
            o.CacheDuration = TimeSpan.FromHours(1);
            o.SaveToken = SaveToken;
        });
        _services = services.BuildServiceProvider();
        _scheme = (await _services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(GamBearerDefaults.AuthenticationScheme))!;
        _context = new DefaultHttpContext { RequestServices = _services };
        _context.Request.Headers.Authorization = "Bearer " + Token;

        // Prime L1: the first authentication calls the stub userinfo endpoint.
        var first = await AuthenticateCachedToken();
        if (!first.Succeeded)
        {
            throw new InvalidOperationException("Set-up failed: " + first.Failure);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public async Task<AuthenticateResult> AuthenticateCachedToken()
    {
        var handler = _services.GetRequiredService<GamBearerHandler>();
        await handler.InitializeAsync(_scheme, _context);
        return await handler.AuthenticateAsync();
    }

    [Benchmark]
    public async Task<int> AuthenticateCachedTokenAndReadRoles()
    {
        var result = await AuthenticateCachedToken();
        return result.Principal!.IsInRole("User") ? 1 : 0;
    }
}
