using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.Tokens;

namespace GamAuthentication.Emulator.Tests;

/// <summary>The OpenID Connect discovery and JWKS documents, signing-key rotation and the discovery failure switch.</summary>
public sealed class OpenIdConnectDiscoveryTests
{
    [Fact]
    public async Task Discovery_document_describes_a_code_flow_provider_under_the_issuer()
    {
        await using var host = await EmulatorHost.StartAsync();

        var json = await EmulatorHost.JsonAsync(await host.Client.GetAsync("/oidc/2/.well-known/openid-configuration"), HttpStatusCode.OK);

        Assert.Equal(EmulatorHost.Issuer, json.GetProperty("issuer").GetString());
        Assert.Equal(EmulatorHost.Issuer + "/auth", json.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(EmulatorHost.Issuer + "/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal(EmulatorHost.Issuer + "/me", json.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(EmulatorHost.Issuer + "/certs", json.GetProperty("jwks_uri").GetString());
        Assert.Equal(EmulatorHost.Issuer + "/logout", json.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(["code"], Strings(json, "response_types_supported"));
        Assert.Equal(["public"], Strings(json, "subject_types_supported"));
        Assert.Equal(["RS256"], Strings(json, "id_token_signing_alg_values_supported"));
        Assert.Equal(["openid", "profile", "email", "phone", "address", "groups"], Strings(json, "scopes_supported"));
        Assert.Contains("S256", Strings(json, "code_challenge_methods_supported"));
        Assert.Subset(Strings(json, "claims_supported").ToHashSet(), new HashSet<string> { "sub", "preferred_username", "email_verified", "groups", "updated_at", "address" });
        Assert.Equal(["authorization_code", "refresh_token"], Strings(json, "grant_types_supported"));
        Assert.Equal(1, host.Emulator.GetCallCount(GamEmulatorEndpoint.Discovery));
    }

    [Fact]
    public async Task Microsoft_IdentityModel_reads_discovery_and_the_signing_key()
    {
        await using var host = await EmulatorHost.StartAsync();

        var configuration = await host.OidcConfigurationAsync();

        Assert.Equal(EmulatorHost.Issuer, configuration.Issuer);
        Assert.Equal(EmulatorHost.Issuer + "/me", configuration.UserInfoEndpoint);
        Assert.Equal(host.Emulator.OpenIdConnect.SigningKeyId, Assert.Single(configuration.SigningKeys).KeyId);
        Assert.Equal(1, host.Emulator.GetCallCount(GamEmulatorEndpoint.Jwks));
    }

    [Fact]
    public async Task Jwks_publishes_an_rsa_signing_key_whose_kid_is_its_rfc7638_thumbprint()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.Client.GetAsync("/oidc/2/certs");
        var json = await EmulatorHost.JsonAsync(response, HttpStatusCode.OK);

        var jwk = Assert.Single(json.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", jwk.GetProperty("kty").GetString());
        Assert.Equal("sig", jwk.GetProperty("use").GetString());
        Assert.Equal("RS256", jwk.GetProperty("alg").GetString());
        Assert.Equal("AQAB", jwk.GetProperty("e").GetString());
        Assert.Equal(256, Base64UrlEncoder.DecodeBytes(jwk.GetProperty("n").GetString()).Length);
        Assert.False(jwk.TryGetProperty("d", out _));
        var parsed = new JsonWebKey(jwk.GetRawText());
        Assert.Equal(Base64UrlEncoder.Encode(parsed.ComputeJwkThumbprint()), parsed.KeyId);
    }

    [Theory]
    [InlineData("/oidc/2", null, "http://localhost/oidc/2")]
    [InlineData("/", null, "http://localhost")]
    [InlineData("/idp/oidc/", null, "http://localhost/idp/oidc")]
    [InlineData("/oidc/2", "https://login.example/oidc/2/", "https://login.example/oidc/2")]
    public async Task Issuer_is_the_request_base_and_prefix_unless_configured(string prefix, string? configured, string expected)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.OpenIdConnect.Issuer = configured, prefix: "/gam", oidcPrefix: prefix);

        var json = await EmulatorHost.JsonAsync(await host.Client.GetAsync(host.Oidc(".well-known/openid-configuration")), HttpStatusCode.OK);
        var token = await host.OidcLoginAsync();

        Assert.Equal(expected, json.GetProperty("issuer").GetString());
        Assert.Equal(expected + "/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal(expected, EmulatorHost.JwtPayload(token.GetProperty("id_token").GetString()!).GetProperty("iss").GetString());
    }

    [Fact]
    public async Task Issuer_follows_the_path_base_of_the_app()
    {
        await using var host = await EmulatorHost.StartAsync(pipeline: app => app.UsePathBase("/tenant"));

        var json = await EmulatorHost.JsonAsync(await host.Client.GetAsync("/tenant/oidc/2/.well-known/openid-configuration"), HttpStatusCode.OK);

        Assert.Equal("http://localhost/tenant/oidc/2", json.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Discovery_answers_the_configured_failure_status_until_it_is_cleared()
    {
        await using var host = await EmulatorHost.StartAsync();
        var provider = host.Emulator.OpenIdConnect;

        provider.DiscoveryStatusCode = 503;
        var failing = await host.Client.GetAsync("/oidc/2/.well-known/openid-configuration");
        var keysMeanwhile = await host.Client.GetAsync("/oidc/2/certs");
        provider.DiscoveryStatusCode = null;
        var recovered = await host.Client.GetAsync("/oidc/2/.well-known/openid-configuration");

        Assert.Equal("temporarily_unavailable", await EmulatorHost.OAuthErrorAsync(failing, HttpStatusCode.ServiceUnavailable));
        Assert.Equal(HttpStatusCode.OK, keysMeanwhile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => provider.DiscoveryStatusCode = 42);
    }

    [Fact]
    public async Task Rotating_without_keeping_the_old_key_publishes_only_the_new_one()
    {
        await using var host = await EmulatorHost.StartAsync();
        var provider = host.Emulator.OpenIdConnect;
        var before = await host.OidcLoginAsync();
        var oldKid = provider.SigningKeyId;

        var newKid = provider.RotateSigningKey();
        var after = await host.OidcLoginAsync();

        Assert.NotEqual(oldKid, newKid);
        Assert.Equal([newKid], provider.PublishedKeyIds);
        Assert.Equal(newKid, EmulatorHost.JwtHeader(after.GetProperty("id_token").GetString()!).GetProperty("kid").GetString());
        Assert.True((await host.ValidateIdTokenAsync(after.GetProperty("id_token").GetString()!)).IsValid);
        var stale = await host.ValidateIdTokenAsync(before.GetProperty("id_token").GetString()!);
        Assert.False(stale.IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(stale.Exception);
    }

    [Fact]
    public async Task Rotating_and_keeping_the_old_key_publishes_both_so_older_tokens_still_verify()
    {
        await using var host = await EmulatorHost.StartAsync();
        var provider = host.Emulator.OpenIdConnect;
        var oldKid = provider.SigningKeyId;

        var newKid = provider.RotateSigningKey(keepPreviousKey: true);
        var jwks = await EmulatorHost.JsonAsync(await host.Client.GetAsync("/oidc/2/certs"), HttpStatusCode.OK);
        var third = provider.RotateSigningKey(keepPreviousKey: true);

        Assert.Equal([newKid, oldKid], jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
        Assert.Equal([third, newKid], provider.PublishedKeyIds);
        provider.RotateSigningKey(keepPreviousKey: false);
        Assert.Single(provider.PublishedKeyIds);
    }

    [Fact]
    public async Task Tokens_signed_before_a_rollover_verify_while_the_old_key_is_published()
    {
        await using var host = await EmulatorHost.StartAsync();
        var before = await host.OidcLoginAsync();

        host.Emulator.OpenIdConnect.RotateSigningKey(keepPreviousKey: true);

        Assert.True((await host.ValidateIdTokenAsync(before.GetProperty("id_token").GetString()!)).IsValid);
    }

    private static string[] Strings(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
