using System.Collections.Concurrent;
using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer.Tests;

/// <summary>
/// Revocations and evictions are told to registered <see cref="IGamBearerCacheListener"/>s (what a web farm passes to its
/// other instances) and another instance applies them with <see cref="GamBearerTokenCache.ApplyAsync"/>.
/// </summary>
public sealed class BearerCacheListenerTests : IAsyncLifetime
{
    private GamTestServer _gam = null!;

    public async Task InitializeAsync() => _gam = await GamTestServer.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Fact]
    public async Task A_revocation_told_by_one_instance_and_applied_by_another_refuses_the_token_there_without_GAM()
    {
        var heard = new Recorder();
        await using var a = await ApiTestHost.StartAsync(_gam, services: s => s.AddSingleton<IGamBearerCacheListener>(heard));
        await using var b = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        (await b.GetWithTokenAsync("/me", token)).Dispose();
        var calls = _gam.UserInfoCalls;

        await a.TokenCache.RevokeAsync(token);
        var change = Assert.Single(heard.Changes);
        Assert.Equal(GamBearerCacheChangeKind.Revoked, change.Kind);
        Assert.Equal(DistributedKeys.DefaultKey(token)[^43..], change.TokenHash);
        Assert.Equal(a.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), change.RevokedUntil);
        Assert.True(await b.TokenCache.ApplyAsync(change));
        using var refused = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", refused.WwwAuthenticate(), StringComparison.Ordinal);
        Assert.Equal(calls, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task An_eviction_is_told_too_and_makes_the_other_instance_ask_GAM_again()
    {
        var heard = new Recorder();
        await using var a = await ApiTestHost.StartAsync(_gam, services: s => s.AddSingleton<IGamBearerCacheListener>(heard));
        await using var b = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        (await b.GetWithTokenAsync("/me", token)).Dispose();
        var calls = _gam.UserInfoCalls;

        await a.TokenCache.EvictAsync(token);
        Assert.True(await b.TokenCache.ApplyAsync(Assert.Single(heard.Changes)));
        using var again = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(calls + 1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Changes_for_other_schemes_ended_revocations_and_bad_hashes_are_not_applied()
    {
        await using var b = await ApiTestHost.StartAsync(_gam);
        var hash = DistributedKeys.DefaultKey("t")[^43..];

        Assert.False(await b.TokenCache.ApplyAsync(new GamBearerCacheChange("Elsewhere", hash, GamBearerCacheChangeKind.Revoked, b.Clock.GetUtcNow().AddMinutes(1))));
        Assert.False(await b.TokenCache.ApplyAsync(new GamBearerCacheChange(GamBearerDefaults.AuthenticationScheme, hash, GamBearerCacheChangeKind.Revoked, b.Clock.GetUtcNow().AddSeconds(-1))));
        await Assert.ThrowsAsync<ArgumentException>(() => b.TokenCache.ApplyAsync(new GamBearerCacheChange(GamBearerDefaults.AuthenticationScheme, "not-a-hash", GamBearerCacheChangeKind.Evicted, null)));
    }

    [Fact]
    public async Task A_listener_that_fails_does_not_undo_the_revocation()
    {
        await using var a = await ApiTestHost.StartAsync(_gam, services: s => s.AddSingleton<IGamBearerCacheListener>(new Failing()));
        var token = _gam.IssueToken();

        await a.TokenCache.RevokeAsync(token);
        using var refused = await a.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(a.Logs.Lines(LogLevel.Warning), l => l.Contains("Failing failed", StringComparison.Ordinal));
    }

    private sealed class Recorder : IGamBearerCacheListener
    {
        public ConcurrentQueue<GamBearerCacheChange> Changes { get; } = new();

        public Task ChangedAsync(GamBearerCacheChange change, CancellationToken cancellationToken)
        {
            Changes.Enqueue(change);
            return Task.CompletedTask;
        }
    }

    private sealed class Failing : IGamBearerCacheListener
    {
        public Task ChangedAsync(GamBearerCacheChange change, CancellationToken cancellationToken) => throw new InvalidOperationException("listener bug");
    }
}
