using System.Net;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>The Data Protection key ring lives in Redis: what one instance protects, every other reads.</summary>
public sealed class SharedKeyRingTests
{
    [Fact]
    public async Task A_user_who_signs_in_through_A_is_signed_in_on_B_and_C()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A");
        var b = await farm.MvcAsync("B");
        var c = await farm.MvcAsync("C");
        var browser = new Browser(farm);

        // The challenge on A, GAM's callback on B: state and correlation cookie made on A are read on B.
        await browser.SignInAsync(challengeOn: a, callbackOn: b);

        foreach (var instance in (FarmInstance[])[a, b, c])
        {
            Assert.Equal("demo", await browser.TextAsync(instance, "/whoami"));
        }
    }

    [Fact]
    public async Task Without_the_shared_key_ring_another_instance_does_not_accept_the_cookie()
    {
        await using var farm = await Farm.StartAsync();
        // Each instance with keys of its own, as a farm without a shared key ring (not the user's key folder, which
        // the instances of this test would share).
        var a = await farm.MvcAsync("A", o => o.SharedKeyRing = false, s => s.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider()));
        var b = await farm.MvcAsync("B", o => o.SharedKeyRing = false, s => s.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider()));
        var browser = new Browser(farm);

        await browser.SignInAsync(challengeOn: a, callbackOn: a);

        Assert.Equal("demo", await browser.TextAsync(a, "/whoami"));
        await browser.TextAsync(b, "/whoami", HttpStatusCode.Unauthorized);
    }
}
