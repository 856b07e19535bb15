using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer.Tests;

/// <summary>
/// <see cref="GamBearerTokenCache.RevokeAsync(string, CancellationToken)"/> refuses a token here even while GAM still
/// accepts it, and beats a userinfo answer that was in flight; <see cref="GamBearerTokenCache.EvictAsync(string, CancellationToken)"/> only forgets.
/// </summary>
public sealed class BearerRevocationTests : IAsyncLifetime
{
    private GamTestServer _gam = null!;

    public async Task InitializeAsync() => _gam = await GamTestServer.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Fact]
    public async Task A_revoked_token_is_refused_without_asking_GAM_while_GAM_still_accepts_it()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        using (var first = await api.GetWithTokenAsync("/me", token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await api.TokenCache.RevokeAsync(token);
        using var response = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.WwwAuthenticate(), StringComparison.Ordinal);
        Assert.Contains("revoked", response.WwwAuthenticate(), StringComparison.Ordinal);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_revoked_before_this_app_ever_saw_it_is_refused_without_asking_GAM(bool memoryCache)
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.EnableMemoryCache = memoryCache);
        var token = _gam.IssueToken();

        await api.TokenCache.RevokeAsync(GamBearerDefaults.AuthenticationScheme, token);
        using var first = await api.GetWithTokenAsync("/me", token);
        using var second = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_userinfo_answer_in_flight_at_revocation_does_not_make_the_token_valid(bool memoryCache)
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.EnableMemoryCache = memoryCache);
        var token = _gam.IssueToken();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Faults.Gate = gate;

        var inFlight = api.GetWithTokenAsync("/me", token);
        await api.Faults.CallStarted;
        await api.TokenCache.RevokeAsync(token);
        gate.SetResult();
        using var answeredAfterRevocation = await inFlight;
        api.Faults.Gate = null;
        using var later = await api.GetWithTokenAsync("/me", token);

        // GAM said yes, but only after the revocation: the revocation wins, for the waiting request too.
        Assert.Equal(HttpStatusCode.Unauthorized, answeredAfterRevocation.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, later.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task A_revocation_lasts_the_cache_duration_then_GAM_decides_again()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.CacheDuration = TimeSpan.FromSeconds(30));
        var token = _gam.IssueToken();
        await api.TokenCache.RevokeAsync(token);

        api.Clock.Advance(TimeSpan.FromSeconds(29));
        using var during = await api.GetWithTokenAsync("/me", token);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Evicting_only_forgets_so_a_token_GAM_still_accepts_works_again_after_one_userinfo_call()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        (await api.GetWithTokenAsync("/me", token)).Dispose();

        await api.TokenCache.EvictAsync(token);
        using var afterEviction = await api.GetWithTokenAsync("/me", token);
        using var cachedAgain = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, afterEviction.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cachedAgain.StatusCode);
        Assert.Equal(2, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Evicting_a_revoked_token_does_not_undo_the_revocation()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        await api.TokenCache.RevokeAsync(token);

        await api.TokenCache.EvictAsync(token);
        using var response = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Revoking_in_a_scheme_that_is_not_a_GAM_bearer_scheme_is_refused()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => api.TokenCache.RevokeAsync("Cookies", "some-token"));

        Assert.Contains("'Cookies' is not a GAM bearer scheme", error.Message, StringComparison.Ordinal);
        Assert.Equal("scheme", error.ParamName);
    }

    [Fact]
    public async Task A_revocation_reaches_other_instances_through_the_distributed_cache()
    {
        var shared = SharedCache();
        var keys = new EphemeralDataProtectionProvider();
        await using var a = await ApiTestHost.StartAsync(_gam, o => o.EnableDistributedCache = true, WithCache(shared, keys));
        await using var b = await ApiTestHost.StartAsync(_gam, o => o.EnableDistributedCache = true, WithCache(shared, keys));
        var token = _gam.IssueToken();
        (await a.GetWithTokenAsync("/me", token)).Dispose();

        await a.TokenCache.RevokeAsync(token);
        using var response = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task A_userinfo_answer_in_flight_at_revocation_is_not_written_to_the_distributed_cache()
    {
        var shared = SharedCache();
        var keys = new EphemeralDataProtectionProvider();
        await using var a = await ApiTestHost.StartAsync(_gam, o => o.EnableDistributedCache = true, WithCache(shared, keys));
        await using var b = await ApiTestHost.StartAsync(_gam, o => o.EnableDistributedCache = true, WithCache(shared, keys));
        var token = _gam.IssueToken();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Faults.Gate = gate;

        var inFlight = a.GetWithTokenAsync("/me", token);
        await a.Faults.CallStarted;
        await a.TokenCache.RevokeAsync(token);
        gate.SetResult();
        (await inFlight).Dispose();
        using var response = await b.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    private static MemoryDistributedCache SharedCache() => new(Options.Create(new MemoryDistributedCacheOptions()));

    private static Action<IServiceCollection> WithCache(IDistributedCache cache, IDataProtectionProvider keys) => services =>
    {
        services.AddSingleton(cache);
        services.AddSingleton(keys);
    };
}
