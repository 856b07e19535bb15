using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Tokens.Tests;

/// <summary>When one app both signs users in (AddGam) and validates GAM tokens (AddGamBearer), sign-out evicts the token from the bearer cache.</summary>
public sealed class SignOutBearerEvictionTests
{
    private static Task<TokensHost> StartAsync() => UserAppHost.StartAsync(
        services: s => s.AddAuthentication().AddGamBearer(o => o.Authority = TokensHost.Authority),
        endpoints: app => app.MapGet("/bearer-me", (HttpContext c) => Results.Text(c.User.Identity?.Name ?? "?"))
            .RequireAuthorization(p => p.AddAuthenticationSchemes(GamDefaults.BearerAuthenticationScheme).RequireAuthenticatedUser()));

    private static HttpRequestMessage BearerMe(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/bearer-me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    [Fact]
    public async Task Gam_sign_out_evicts_the_token_from_this_apps_bearer_cache()
    {
        await using var host = await StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var token = (await UserAppHost.SavedTokensAsync(jar, client)).Access;
        var first = await client.SendAsync(BearerMe(token));
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());

        // GAM no longer accepts the token, but the bearer cache still does...
        host.Emulator.RevokeToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(BearerMe(token))).StatusCode);

        // ...until sign-out evicts it.
        var signOut = await jar.GetAsync(client, "/signout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(BearerMe(token))).StatusCode);
    }
}
