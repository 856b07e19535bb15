using System.Net;
using GamAuthentication.Emulator;

namespace GamAuthentication.Tokens.Tests;

/// <summary>The whole lifecycle through AddGam's own code flow: tokens saved by the handler are refreshed and ended.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Tokens_saved_by_AddGam_are_refreshed_past_their_lifetime_and_ended_by_gam_sign_out()
    {
        await using var host = await UserAppHost.StartAsync(e => { e.MaxTokenRenewals = 5; e.AccessTokenLifetimeSeconds = 300; });
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInThroughGamAsync(client);
        var first = await UserAppHost.SavedTokensAsync(jar, client);
        Assert.NotNull(first.Refresh);
        Assert.NotNull(first.ExpiresAt);

        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        host.Clock.Advance(TimeSpan.FromSeconds(301));
        var afterExpiry = await jar.GetAsync(client, "/call");
        var second = await UserAppHost.SavedTokensAsync(jar, client);

        Assert.Equal(HttpStatusCode.OK, afterExpiry.StatusCode);
        Assert.Contains(GamEmulatorDefaults.DemoUserGuid, await afterExpiry.Content.ReadAsStringAsync());
        Assert.NotEqual(first.Access, second.Access);

        var toGam = await jar.GetAsync(client, "/signout?returnUrl=/bye");
        var back = await jar.GetAsync(client, toGam.Headers.Location!.PathAndQuery);
        var final = await jar.GetAsync(client, back.Headers.Location!.PathAndQuery);
        Assert.Equal("/bye", final.Headers.Location!.OriginalString);

        host.Api.Override = null;
        using var direct = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        direct.Headers.TryAddWithoutValidation("Authorization", "Bearer " + second.Access);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(direct)).StatusCode);
    }
}
