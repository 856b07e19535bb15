using System.Net;
using System.Text.Json;

namespace GamAuthentication.Emulator.Tests;

public sealed class RefreshTests
{
    private static string Refresh(JsonElement token) => token.GetProperty("refresh_token").GetString()!;

    private static string Access(JsonElement token) => token.GetProperty("access_token").GetString()!;

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public async Task Refresh_token_only_when_renewals_allowed(int renewals, bool expectRefreshToken)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = renewals);

        var token = await host.LoginAsync();

        Assert.Equal(expectRefreshToken, Refresh(token).Length > 0);
    }

    [Theory]
    [InlineData("oauth/gam/access_token")]
    [InlineData("oauth/gam/v2.0/access_token")]
    [InlineData("oauth/access_token")]
    public async Task Refresh_returns_a_new_access_token_with_the_same_scope(string path)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 5);
        var first = await host.LoginAsync("gam_user_data+gam_user_additional_data");

        var second = await EmulatorHost.JsonAsync(await host.RefreshAsync(Refresh(first), path), HttpStatusCode.OK);

        Assert.NotEqual(Access(first), Access(second));
        Assert.NotEqual(string.Empty, Refresh(second));
        Assert.Equal("gam_user_data+gam_user_additional_data", second.GetProperty("scope").GetString());
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, second.GetProperty("user_guid").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.UserInfoAsync(Access(second))).StatusCode);
    }

    [Fact]
    public async Task V2_refresh_is_accepted_as_get_with_query_parameters()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 1);
        var first = await host.LoginAsync();

        var response = await host.Client.GetAsync(host.Url(
            $"oauth/gam/v2.0/access_token?grant_type=refresh_token&client_id={GamEmulatorDefaults.ClientId}&client_secret={GamEmulatorDefaults.ClientSecret}&refresh_token={Refresh(first)}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Renewals_exhausted_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.MaxTokenRenewals = 2;
            o.RotateRefreshTokens = false;
        });
        var login = await host.LoginAsync();

        var first = await host.RefreshAsync(Refresh(login));
        var second = await EmulatorHost.JsonAsync(await host.RefreshAsync(Refresh(login)), HttpStatusCode.OK);
        var third = await host.RefreshAsync(Refresh(login));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(string.Empty, Refresh(second));
        Assert.Equal("105", await EmulatorHost.ErrorCodeAsync(third, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Last_renewal_carries_no_refresh_token_when_rotating()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 2);
        var login = await host.LoginAsync();

        var first = await EmulatorHost.JsonAsync(await host.RefreshAsync(Refresh(login)), HttpStatusCode.OK);
        var second = await EmulatorHost.JsonAsync(await host.RefreshAsync(Refresh(first)), HttpStatusCode.OK);

        Assert.NotEqual(string.Empty, Refresh(first));
        Assert.Equal(string.Empty, Refresh(second));
    }

    [Fact]
    public async Task Rotated_refresh_token_cannot_be_reused()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 10);
        var login = await host.LoginAsync();

        var first = await host.RefreshAsync(Refresh(login));
        var reuse = await host.RefreshAsync(Refresh(login));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("911", await EmulatorHost.ErrorCodeAsync(reuse, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Refresh_token_stays_the_same_when_rotation_is_off()
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.MaxTokenRenewals = 10;
            o.RotateRefreshTokens = false;
        });
        var login = await host.LoginAsync();

        var first = await EmulatorHost.JsonAsync(await host.RefreshAsync(Refresh(login)), HttpStatusCode.OK);
        var again = await host.RefreshAsync(Refresh(login));

        Assert.Equal(Refresh(login), Refresh(first));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Concurrent_uses_of_a_rotating_refresh_token_succeed_once()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 100);
        var login = await host.LoginAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.RefreshAsync(Refresh(login))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Expired_refresh_token_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.MaxTokenRenewals = 3;
            o.RefreshTokenLifetimeMinutes = 10;
        });
        var login = await host.LoginAsync();

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var response = await host.RefreshAsync(Refresh(login));

        Assert.Equal("912", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.Unauthorized)]
    public async Task Old_access_token_dies_on_refresh_only_when_configured(bool revoke, HttpStatusCode expected)
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.MaxTokenRenewals = 3;
            o.RevokeAccessTokenOnRefresh = revoke;
        });
        var login = await host.LoginAsync();

        await EmulatorHost.JsonAsync(await host.RefreshAsync(Refresh(login)), HttpStatusCode.OK);
        var old = await host.UserInfoAsync(Access(login));

        Assert.Equal(expected, old.StatusCode);
    }

    [Fact]
    public async Task Refresh_token_of_another_client_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 3);
        var login = await host.LoginAsync();

        var response = await host.PostFormAsync("oauth/gam/access_token", ("grant_type", "refresh_token"), ("refresh_token", Refresh(login)),
            ("client_id", GamEmulatorDefaults.PublicClientId));

        Assert.Equal("911", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Refresh_requires_the_client_secret()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.MaxTokenRenewals = 3);
        var login = await host.LoginAsync();

        var response = await host.PostFormAsync("oauth/gam/access_token", ("grant_type", "refresh_token"), ("refresh_token", Refresh(login)),
            ("client_id", GamEmulatorDefaults.ClientId));

        Assert.Equal("902", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task IssueToken_honours_lifetime_and_renewals()
    {
        await using var host = await EmulatorHost.StartAsync(o =>
        {
            o.AccessTokenLifetimeSeconds = 120;
            o.MaxTokenRenewals = 1;
        });

        var token = host.Emulator.IssueToken("admin", "gam_user_roles user_email");

        Assert.Equal(120, token.ExpiresIn);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal("gam_user_roles+user_email", token.Scope);
        Assert.Equal(GamEmulatorDefaults.AdminUserGuid, token.UserGuid);
        Assert.Equal(HttpStatusCode.OK, (await host.RefreshAsync(token.RefreshToken)).StatusCode);
        Assert.Throws<ArgumentException>(() => host.Emulator.IssueToken("nobody"));
    }
}
