using System.Diagnostics;
using System.Net;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>
/// One refresh per refresh token across the farm: many concurrent requests of one user, on several instances, past the
/// refresh point, while GAM rotates refresh tokens (the second use of one is refused).
/// </summary>
public sealed class RefreshStormTests(ITestOutputHelper output)
{
    private const int PerInstance = 20;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_instances_times_twenty_requests_make_one_refresh_grant_and_all_succeed(bool serverSideSessions)
    {
        await using var farm = await Farm.StartAsync();
        Action<GamRedisOptions> redis = o => o.ServerSideSessions = serverSideSessions;
        FarmInstance[] instances = [await farm.MvcAsync("A", redis), await farm.MvcAsync("B", redis), await farm.MvcAsync("C", redis)];
        var browser = new Browser(farm);
        await browser.SignInAsync(instances[0], instances[0]);
        var old = await browser.TokensAsync(instances[0]);
        farm.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        var grants = farm.TokenGrants;

        var clones = Enumerable.Range(0, PerInstance * instances.Length).Select(_ => browser.Clone()).ToArray();
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(clones.Select((clone, i) => TokenAsync(clone, instances[i % instances.Length])));
        output.WriteLine($"{results.Length} requests on {instances.Length} instances in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms; refresh grants at GAM: {farm.TokenGrants - grants}");

        Assert.Equal(1, farm.TokenGrants - grants);
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var renewed = Assert.Single(results.Select(r => r.Body).Distinct());
        Assert.NotEqual(old.Access, renewed);

        // Still signed in, with the new cookie, on any instance, without another refresh.
        foreach (var instance in instances)
        {
            Assert.Equal(renewed, await clones[0].TextAsync(instance, "/token"));
        }

        Assert.Equal(1, farm.TokenGrants - grants);
    }

    [Fact]
    public async Task Without_the_refresh_lock_each_instance_refreshes_and_GAM_refuses_the_rotated_token()
    {
        await using var farm = await Farm.StartAsync();
        FarmInstance[] instances = [await farm.MvcAsync("A", o => o.RefreshLock = false), await farm.MvcAsync("B", o => o.RefreshLock = false), await farm.MvcAsync("C", o => o.RefreshLock = false)];
        var browser = new Browser(farm);
        await browser.SignInAsync(instances[0], instances[0]);
        farm.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        var grants = farm.TokenGrants;

        var results = await Task.WhenAll(Enumerable.Range(0, PerInstance * instances.Length).Select(i => TokenAsync(browser.Clone(), instances[i % instances.Length])));

        // The control: this is the failure the lock prevents.
        Assert.Equal(instances.Length, farm.TokenGrants - grants);
        Assert.Contains(results, r => r.Status == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_the_lock_holder_dies_mid_refresh_another_instance_refreshes_once_after_the_lease()
    {
        await using var farm = await Farm.StartAsync();
        Action<GamRedisOptions> shortLease = o =>
        {
            o.RefreshLockLease = TimeSpan.FromSeconds(2);
            o.RefreshPollInterval = TimeSpan.FromMilliseconds(20);
        };
        var a = await farm.MvcAsync("A", shortLease);
        var b = await farm.MvcAsync("B", shortLease);
        var c = await farm.MvcAsync("C", shortLease);
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);
        farm.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        var grants = farm.TokenGrants;

        // A takes the lock and its refresh hangs before it reaches GAM; then A dies, holding the lock.
        a.Backchannel.HangTokenRequests = true;
        var onA = Enumerable.Range(0, PerInstance).Select(_ => TokenAsync(browser.Clone(), a)).ToArray();
        await a.Backchannel.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var started = Stopwatch.GetTimestamp();
        var others = Enumerable.Range(0, 2 * PerInstance).Select(i => TokenAsync(browser.Clone(), i % 2 == 0 ? b : c)).ToArray();
        var killing = a.DisposeAsync().AsTask();

        var results = await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(30));
        var took = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"the other instances got the new token {took.TotalMilliseconds:0} ms after the holder hung (lease 2000 ms); refresh grants at GAM: {farm.TokenGrants - grants}");
        await killing;
        _ = onA;

        // Redis let nobody else take the lock before the dead holder's lease ran out (a lower bound Redis guarantees,
        // not a race): the others waited for the lease, not for a release.
        Assert.True(took >= TimeSpan.FromSeconds(1.5), $"the lock was free after {took.TotalMilliseconds:0} ms: the holder released it, so it did not die");
        Assert.Equal(1, farm.TokenGrants - grants);
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(results.Select(r => r.Body).Distinct());
    }

    private static async Task<(HttpStatusCode Status, string Body)> TokenAsync(Browser browser, FarmInstance instance)
    {
        using var response = await browser.GetAsync(instance, "/token");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
