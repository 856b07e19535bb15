using System.Collections.Concurrent;
using System.Net;
using GamAuthentication.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Tokens.Tests;

/// <summary>
/// The refresh of a signed-in user's token goes through the registered <see cref="IGamRefreshCoordinator"/>, the seam a
/// web farm uses to make one refresh per refresh token across instances.
/// </summary>
public sealed class RefreshCoordinatorTests
{
    [Fact]
    public async Task The_refresh_goes_through_the_registered_coordinator_which_may_answer_without_GAM()
    {
        var coordinator = new SharedResultCoordinator();
        await using var host = await UserAppHost.StartAsync(
            e =>
            {
                e.MaxTokenRenewals = 5;
                e.AccessTokenLifetimeSeconds = 3600;
            },
            services: s => s.AddSingleton<IGamRefreshCoordinator>(coordinator));
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var old = await UserAppHost.SavedTokensAsync(jar, client);

        host.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));

        // Another instance refreshed this refresh token moments ago: its result is the one to use.
        var elsewhere = host.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName);
        coordinator.Shared = GamTokenResult.FromToken(new GamToken(elsewhere.AccessToken, "Bearer", host.Clock.GetUtcNow().AddHours(1), elsewhere.RefreshToken, ["gam_user_data"], GamEmulatorDefaults.DemoUserGuid)
        {
            RequestedAt = host.Clock.GetUtcNow(),
        });
        var tokenRequests = host.TokenRequests;

        var response = await jar.GetAsync(client, "/call");
        var renewed = await UserAppHost.SavedTokensAsync(jar, client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tokenRequests, host.TokenRequests);
        Assert.Equal(elsewhere.AccessToken, renewed.Access);
        var context = Assert.Single(coordinator.Seen);
        Assert.Equal(GamDefaults.AuthenticationScheme, context.Scheme);
        Assert.Equal(old.Refresh, context.RefreshToken);
        Assert.Equal(GamToken.Fingerprint(old.Refresh!), context.RefreshTokenFingerprint);
        Assert.Equal(TokensHost.Authority + "/oauth/gam/access_token", context.TokenEndpoint.ToString());
    }

    [Fact]
    public async Task The_default_coordinator_refreshes_at_GAM()
    {
        await using var host = await UserAppHost.StartAsync(e => e.MaxTokenRenewals = 5);
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600 - 59));
        var tokenRequests = host.TokenRequests;

        var response = await jar.GetAsync(client, "/call");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tokenRequests + 1, host.TokenRequests);
    }

    private sealed class SharedResultCoordinator : IGamRefreshCoordinator
    {
        public ConcurrentQueue<GamRefreshContext> Seen { get; } = new();

        public GamTokenResult? Shared { get; set; }

        public Task<GamTokenResult> RefreshAsync(GamRefreshContext context, Func<CancellationToken, Task<GamTokenResult>> refresh, CancellationToken cancellationToken)
        {
            Seen.Enqueue(context);
            return Shared is { } shared ? Task.FromResult(shared) : refresh(cancellationToken);
        }
    }
}
