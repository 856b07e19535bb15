using System.Net;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using GamAuthentication.Bearer;

namespace GamAuthentication.Tokens.Tests;

/// <summary>When one app both signs users in (AddGam) and validates GAM tokens (AddGamBearer), sign-out revokes the token in the bearer cache.</summary>
public sealed class SignOutBearerEvictionTests
{
    private static Task<TokensHost> StartAsync() => UserAppHost.StartAsync(
        services: s => s.AddAuthentication().AddGamBearer(o => o.Authority = TokensHost.Authority),
        endpoints: app => app.MapGet("/bearer-me", (HttpContext c) => Results.Text(c.User.Identity?.Name ?? "?"))
            .RequireAuthorization(p => p.AddAuthenticationSchemes(GamBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser()));

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

    [Fact]
    public async Task After_local_sign_out_the_token_is_refused_before_GAM_ended_it_without_asking_GAM()
    {
        await using var host = await StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var token = (await UserAppHost.SavedTokensAsync(jar, client)).Access;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(BearerMe(token))).StatusCode);

        // Signed out here; the browser has not reached GAM's sign-out yet, so GAM still accepts the token.
        var signOut = await jar.GetAsync(client, "/signout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.SignOut));
        var userInfoCalls = host.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo);

        using var response = await client.SendAsync(BearerMe(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", string.Join(", ", response.Headers.WwwAuthenticate), StringComparison.Ordinal);
        Assert.Equal(userInfoCalls, host.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }
}
