using GamAuthentication.OpenIdConnect.Tests.Infrastructure;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary>A provider that rotates its signing keys is followed without a restart, and a flood of unknown keys costs it little.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task A_key_rotation_at_the_provider_is_picked_up_at_the_next_sign_in()
    {
        await using var host = await OidcHost.StartAsync();
        await SignInAsync(host);
        var before = host.KeyReads;

        host.Provider.RotateSigningKey();
        await SignInAsync(host);

        Assert.Equal(before + 1, host.KeyReads);
        Assert.Empty(host.Failures);
    }

    [Fact]
    public async Task A_rollover_that_keeps_the_old_key_published_needs_no_new_read()
    {
        await using var host = await OidcHost.StartAsync();
        await SignInAsync(host);

        // Published next to the old key, but the emulator signs with the new one: the cached JWKS lacks it.
        host.Provider.RotateSigningKey(keepPreviousKey: true);
        await SignInAsync(host);
        var reads = host.KeyReads;
        await SignInAsync(host);

        Assert.Equal(reads, host.KeyReads);
    }

    [Fact]
    public async Task Keys_are_read_again_at_most_once_per_interval_however_many_unknown_keys_arrive()
    {
        await using var host = await OidcHost.StartAsync();
        await SignInAsync(host);
        host.Provider.RotateSigningKey();
        await SignInAsync(host);
        var reads = host.KeyReads;

        // A second rotation right away: the keys were just read, so they are not read again yet and the sign-in fails.
        host.Provider.RotateSigningKey();
        using (var browser = host.CreateBrowser())
        {
            using var final = await OidcHost.SignInAsync(browser);
            var message = await host.AssertFailedAsync(browser, final);
            Assert.Contains("signed by a key the provider does not publish", message, StringComparison.Ordinal);
        }

        Assert.Equal(reads, host.KeyReads);

        // Once the interval has passed, the next unknown key makes the library read them again.
        host.Clock.Advance(GamProviderDocumentsInterval + TimeSpan.FromSeconds(1));
        await SignInAsync(host);
        Assert.Equal(reads + 1, host.KeyReads);
    }

    private static readonly TimeSpan GamProviderDocumentsInterval = TimeSpan.FromSeconds(10);

    private static async Task SignInAsync(OidcHost host)
    {
        using var browser = host.CreateBrowser();
        using var final = await OidcHost.SignInAsync(browser);
        Assert.Equal("Hello admin", await final.Content.ReadAsStringAsync());
    }
}
