using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GamAuthentication.Emulator.Tests;

/// <summary>
/// The switches that make ID tokens wrong on purpose: each one must make a real validator
/// (Microsoft.IdentityModel) refuse the token, and clearing it must make tokens good again.
/// </summary>
public sealed class OpenIdConnectTestSettingsTests
{
    [Fact]
    public async Task Untouched_id_token_passes_every_check()
    {
        await using var host = await EmulatorHost.StartAsync();

        var (idToken, accessToken, userInfo) = await LoginAsync(host);

        Assert.True((await host.ValidateIdTokenAsync(idToken)).IsValid);
        EmulatorHost.ValidateProtocol(idToken, accessToken, EmulatorHost.Nonce, userInfo);
    }

    [Fact]
    public async Task Unpublished_signing_key_fails_signature_validation()
    {
        await using var host = await EmulatorHost.StartAsync();
        host.Emulator.OpenIdConnect.SignIdTokensWithUnpublishedKey = true;

        var (idToken, _, _) = await LoginAsync(host);
        var result = await host.ValidateIdTokenAsync(idToken);

        Assert.Equal(host.Emulator.OpenIdConnect.SigningKeyId, EmulatorHost.JwtHeader(idToken).GetProperty("kid").GetString());
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Theory]
    [InlineData("iss", typeof(SecurityTokenInvalidIssuerException))]
    [InlineData("aud", typeof(SecurityTokenInvalidAudienceException))]
    [InlineData("exp", typeof(SecurityTokenInvalidLifetimeException))]
    public async Task Transformed_claim_fails_token_validation(string claim, Type expected)
    {
        await using var host = await EmulatorHost.StartAsync();
        host.Emulator.OpenIdConnect.IdTokenTransform = payload =>
        {
            payload[claim] = claim == "exp" ? payload["iat"]!.GetValue<long>() - 120 : "https://someone-else.example";
            return payload;
        };

        var (idToken, _, _) = await LoginAsync(host);
        var result = await host.ValidateIdTokenAsync(idToken);

        Assert.False(result.IsValid);
        Assert.IsType(expected, result.Exception);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Missing_or_other_nonce_fails_the_protocol_validator(bool remove)
    {
        await using var host = await EmulatorHost.StartAsync();
        host.Emulator.OpenIdConnect.IdTokenTransform = payload =>
        {
            if (remove)
            {
                payload.Remove("nonce");
            }
            else
            {
                payload["nonce"] = "replayed-nonce";
            }

            return payload;
        };

        var (idToken, accessToken, _) = await LoginAsync(host);

        Assert.True((await host.ValidateIdTokenAsync(idToken)).IsValid);
        Assert.ThrowsAny<OpenIdConnectProtocolInvalidNonceException>(() => EmulatorHost.ValidateProtocol(idToken, accessToken, EmulatorHost.Nonce));
    }

    [Fact]
    public async Task Other_sub_than_userinfo_fails_the_userinfo_check()
    {
        await using var host = await EmulatorHost.StartAsync();
        host.Emulator.OpenIdConnect.IdTokenTransform = payload =>
        {
            payload["sub"] = GamEmulatorDefaults.AdminUserGuid;
            return payload;
        };

        var (idToken, accessToken, userInfo) = await LoginAsync(host);

        Assert.True((await host.ValidateIdTokenAsync(idToken)).IsValid);
        Assert.Throws<OpenIdConnectProtocolException>(() => EmulatorHost.ValidateProtocol(idToken, accessToken, EmulatorHost.Nonce, userInfo));
    }

    [Fact]
    public async Task Reset_makes_id_tokens_good_again()
    {
        await using var host = await EmulatorHost.StartAsync();
        var provider = host.Emulator.OpenIdConnect;
        provider.IdTokenTransform = payload => new JsonObject { ["iss"] = "x" };
        provider.SignIdTokensWithUnpublishedKey = true;
        provider.DiscoveryStatusCode = 503;

        provider.ResetTestSettings();
        var (idToken, accessToken, userInfo) = await LoginAsync(host);

        Assert.Null(provider.IdTokenTransform);
        Assert.False(provider.SignIdTokensWithUnpublishedKey);
        Assert.Null(provider.DiscoveryStatusCode);
        Assert.True((await host.ValidateIdTokenAsync(idToken)).IsValid);
        EmulatorHost.ValidateProtocol(idToken, accessToken, EmulatorHost.Nonce, userInfo);
    }

    [Fact]
    public async Task Transform_sees_the_payload_the_emulator_built()
    {
        await using var host = await EmulatorHost.StartAsync();
        JsonObject? seen = null;
        host.Emulator.OpenIdConnect.IdTokenTransform = payload =>
        {
            seen = (JsonObject)payload.DeepClone();
            return payload;
        };

        await LoginAsync(host);

        Assert.Equal(["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sid"], seen!.Select(p => p.Key));
    }

    private static async Task<(string IdToken, string AccessToken, string UserInfo)> LoginAsync(EmulatorHost host)
    {
        var json = await host.OidcLoginAsync();
        var accessToken = json.GetProperty("access_token").GetString()!;
        var userInfo = await (await host.OidcUserInfoAsync("Bearer " + accessToken)).Content.ReadAsStringAsync();
        return (json.GetProperty("id_token").GetString()!, accessToken, userInfo);
    }
}
