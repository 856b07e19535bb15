using System.Net;
using System.Security.Claims;
using GamAuthentication.Claims;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using GamAuthentication.Tests.Infrastructure;

namespace GamAuthentication.Tests;

/// <summary>The whole code + PKCE sign-in against the emulator, in one in-process server.</summary>
public sealed class SignInFlowTests
{
    [Fact]
    public async Task Code_flow_with_pkce_signs_the_user_in_with_claims_from_userinfo()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("/protected", final.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("Hello " + GamTestHost.UserName, await final.Content.ReadAsStringAsync());
        var view = await GamTestHost.GetClaimsAsync(browser);
        Assert.NotNull(view);
        Assert.Equal([GamTestHost.UserGuid], view.Values(ClaimTypes.NameIdentifier));
        Assert.Equal(["tester@example.com"], view.Values(ClaimTypes.Email));
        Assert.Equal(["Administrator", "Auditor"], view.Values(ClaimTypes.Role));
        Assert.Equal(["{\"Department\":\"QA\"}"], view.Values(GamClaimTypes.CustomInfo));
        Assert.True(view.IsAdministrator);
        Assert.All(view.Claims, c => Assert.Equal("Gam", c.Issuer));
        Assert.Empty(host.Failures);
    }
}
