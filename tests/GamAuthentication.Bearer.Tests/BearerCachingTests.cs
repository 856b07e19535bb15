using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;
using GamAuthentication.Diagnostics;

namespace GamAuthentication.Bearer.Tests;

/// <summary>L1 caching: hits, TTLs on the scheme's clock, negative caching, eviction, the size bound and per-scheme separation.</summary>
public sealed class BearerCachingTests : IAsyncLifetime
{
    private GamTestServer _gam = null!;

    public async Task InitializeAsync() => _gam = await GamTestServer.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Fact]
    public async Task A_cached_token_costs_no_userinfo_call()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();

        for (var i = 0; i < 5; i++)
        {
            using var response = await api.GetWithTokenAsync("/me", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, _gam.UserInfoCalls);
        Assert.Equal(4, api.Counter(GamMetrics.MemoryCacheHits).Total());
        Assert.Equal(1, api.Counter(GamMetrics.CacheMisses).Total());
        Assert.Equal(1, api.Counter(GamMetrics.UserInfoCalls).Total(GamMetrics.OutcomeTag, "success"));
        Assert.Single(api.UserInfoDuration.GetMeasurementSnapshot());
        Assert.Equal(5, api.Counter(GamMetrics.UserInfoCalls).Total(GamMetrics.SchemeTag, GamBearerDefaults.AuthenticationScheme) + api.Counter(GamMetrics.MemoryCacheHits).Total(GamMetrics.SchemeTag, GamBearerDefaults.AuthenticationScheme));
    }

    [Fact]
    public async Task A_valid_token_is_asked_again_after_cache_duration()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.CacheDuration = TimeSpan.FromSeconds(30));
        var token = _gam.IssueToken();

        (await api.GetWithTokenAsync("/me", token)).Dispose();
        api.Clock.Advance(TimeSpan.FromSeconds(29));
        (await api.GetWithTokenAsync("/me", token)).Dispose();
        Assert.Equal(1, _gam.UserInfoCalls);

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task A_revoked_token_works_until_cache_duration_ends_then_fails()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        (await api.GetWithTokenAsync("/me", token)).Dispose();
        _gam.Emulator.RevokeToken(token);

        using var stillCached = await api.GetWithTokenAsync("/me", token);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        using var expired = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, stillCached.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task An_evicted_token_is_asked_again_at_once()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        (await api.GetWithTokenAsync("/me", token)).Dispose();
        _gam.Emulator.RevokeToken(token);

        await api.TokenCache.EvictAsync(token);
        using var response = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Evicting_from_one_named_scheme_works_and_unknown_schemes_are_refused()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        (await api.GetWithTokenAsync("/me", token)).Dispose();

        await api.TokenCache.EvictAsync(GamBearerDefaults.AuthenticationScheme, token);
        (await api.GetWithTokenAsync("/me", token)).Dispose();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => api.TokenCache.EvictAsync("Cookies", token));

        Assert.Equal(2, _gam.UserInfoCalls);
        Assert.Contains("'Cookies' is not a GAM bearer scheme", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_token_is_cached_for_the_negative_cache_duration()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        const string token = "not-a-gam-token";

        for (var i = 0; i < 3; i++)
        {
            using var response = await api.GetWithTokenAsync("/me", token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error=\"invalid_token\"", response.WwwAuthenticate(), StringComparison.Ordinal);
        }

        Assert.Equal(1, _gam.UserInfoCalls);
        Assert.Equal(2, api.Counter(GamMetrics.NegativeCacheHits).Total());

        api.Clock.Advance(TimeSpan.FromSeconds(10));
        (await api.GetWithTokenAsync("/me", token)).Dispose();
        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Negative_caching_can_be_turned_off()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.NegativeCacheDuration = TimeSpan.Zero);

        (await api.GetWithTokenAsync("/me", "bad")).Dispose();
        (await api.GetWithTokenAsync("/me", "bad")).Dispose();

        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Zero_cache_duration_asks_GAM_on_every_request()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.CacheDuration = TimeSpan.Zero);
        var token = _gam.IssueToken();

        (await api.GetWithTokenAsync("/me", token)).Dispose();
        (await api.GetWithTokenAsync("/me", token)).Dispose();

        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Memory_cache_can_be_turned_off()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.EnableMemoryCache = false);
        var token = _gam.IssueToken();

        (await api.GetWithTokenAsync("/me", token)).Dispose();
        (await api.GetWithTokenAsync("/me", token)).Dispose();

        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task The_memory_cache_is_bounded_so_a_flood_of_tokens_cannot_exhaust_memory()
    {
        // Each rejected entry weighs ~64 bytes + its code; 2 KiB holds a few dozen.
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.MemoryCacheSizeLimit = 2048);

        for (var i = 0; i < 300; i++)
        {
            (await api.GetWithTokenAsync("/me", "flood-" + i)).Dispose();
        }

        Assert.InRange(api.TokenCache.Scheme(GamBearerDefaults.AuthenticationScheme).Memory.Count, 1, 40);
    }

    [Fact]
    public async Task Each_scheme_has_its_own_cache()
    {
        var token = _gam.IssueToken();
        await using var api = await ApiTestHost.StartAsync(_gam, services: services =>
            services.AddAuthentication().AddGamBearer("Second", o =>
            {
                o.Authority = GamTestServer.Authority;
                o.BackchannelHttpHandler = _gam.CreateHandler();
            }));

        (await api.GetWithTokenAsync("/me", token)).Dispose();
        using var scope = api.Services.CreateScope();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        var second = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(context, "Second");

        Assert.True(second.Succeeded);
        Assert.Equal(GamEmulatorDefaults.DemoUserName, second.Principal!.Identity!.Name);
        Assert.Equal("Second", second.Principal.FindFirst(System.Security.Claims.ClaimTypes.Name)!.Issuer);
        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Every_request_gets_its_own_principal()
    {
        var seen = new List<System.Security.Claims.ClaimsPrincipal>();
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnTokenValidated = context =>
        {
            lock (seen)
            {
                seen.Add(context.Principal!);
            }

            // Mutating one request's principal must not leak into the next.
            ((System.Security.Claims.ClaimsIdentity)context.Principal!.Identity!).AddClaim(new System.Security.Claims.Claim("mutated", "yes"));
            return Task.CompletedTask;
        });
        var token = _gam.IssueToken();

        (await api.GetWithTokenAsync("/me", token)).Dispose();
        (await api.GetWithTokenAsync("/me", token)).Dispose();

        Assert.Equal(2, seen.Count);
        Assert.NotSame(seen[0], seen[1]);
        Assert.NotSame(seen[0].Identity, seen[1].Identity);
        Assert.Single(seen[1].FindAll("mutated"));
    }
}
