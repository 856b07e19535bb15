using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using GamAuthentication.Diagnostics;

namespace GamAuthentication.Bearer.Tests;

/// <summary>Two APIs with the same scheme name against different GAMs, sharing one distributed cache, never accept each other's cached tokens.</summary>
public sealed class BearerDistributedKeyIsolationTests : IAsyncLifetime
{
    private const string OtherAuthority = "http://127.0.0.1/gam";
    private GamTestServer _gamA = null!;
    private GamTestServer _gamB = null!;

    public async Task InitializeAsync()
    {
        _gamA = await GamTestServer.StartAsync();
        _gamB = await GamTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _gamA.DisposeAsync();
        await _gamB.DisposeAsync();
    }

    [Fact]
    public async Task The_default_key_prefix_keeps_answers_of_different_GAMs_apart_without_payload_protection()
    {
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var keys = new EphemeralDataProtectionProvider();
        void Services(IServiceCollection s)
        {
            s.AddSingleton<IDistributedCache>(shared);
            s.AddSingleton<IDataProtectionProvider>(keys);
        }

        await using var a = await ApiTestHost.StartAsync(_gamA, o => Unprotected(o), Services);
        await using var b = await ApiTestHost.StartAsync(_gamB, o => Unprotected(o, OtherAuthority), Services);
        var token = _gamA.IssueToken();
        using (var accepted = await a.GetWithTokenAsync("/me", token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        Assert.NotNull(await shared.GetAsync(DistributedKeys.DefaultKey(token)));
        using var response = await b.GetWithTokenAsync("/me", token);

        // B asked its own GAM, which never issued the token.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _gamB.UserInfoCalls);
        Assert.Equal(0, b.Counter(GamMetrics.DistributedCacheHits).Total());
    }

    [Fact]
    public async Task The_protection_purpose_keeps_answers_of_different_GAMs_apart_under_one_custom_prefix_and_key_ring()
    {
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var keys = new EphemeralDataProtectionProvider();
        void Services(IServiceCollection s)
        {
            s.AddSingleton<IDistributedCache>(shared);
            s.AddSingleton<IDataProtectionProvider>(keys);
        }

        await using var a = await ApiTestHost.StartAsync(_gamA, o => Prefixed(o), Services);
        await using var b = await ApiTestHost.StartAsync(_gamB, o => Prefixed(o, OtherAuthority), Services);
        var token = _gamA.IssueToken();
        (await a.GetWithTokenAsync("/me", token)).Dispose();

        using var response = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _gamB.UserInfoCalls);
        Assert.Equal(0, b.Counter(GamMetrics.DistributedCacheHits).Total());
    }

    [Fact]
    public async Task Instances_against_the_same_GAM_still_share_answers()
    {
        // Unencrypted entries are still signed with a key only holders of the shared key ring can read.
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var keys = new EphemeralDataProtectionProvider();
        void Services(IServiceCollection s)
        {
            s.AddSingleton<IDistributedCache>(shared);
            s.AddSingleton<IDataProtectionProvider>(keys);
        }

        await using var a = await ApiTestHost.StartAsync(_gamA, o => Unprotected(o), Services);
        await using var b = await ApiTestHost.StartAsync(_gamA, o => Unprotected(o), Services);
        var token = _gamA.IssueToken();
        (await a.GetWithTokenAsync("/me", token)).Dispose();

        using var response = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _gamA.UserInfoCalls);
        Assert.Equal(1, b.Counter(GamMetrics.DistributedCacheHits).Total());
    }

    private static void Unprotected(GamBearerOptions options, string? authority = null)
    {
        options.Authority = authority ?? options.Authority;
        options.EnableDistributedCache = true;
        options.ProtectDistributedCache = false;
    }

    private static void Prefixed(GamBearerOptions options, string? authority = null)
    {
        options.Authority = authority ?? options.Authority;
        options.EnableDistributedCache = true;
        options.DistributedCacheKeyPrefix = "shared:";
    }
}
