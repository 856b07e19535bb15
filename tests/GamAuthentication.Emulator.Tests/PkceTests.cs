using System.Net;

namespace GamAuthentication.Emulator.Tests;

public sealed class PkceTests
{
    private const string Verifier = "dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk-emulator-tests";

    [Theory]
    [InlineData("S256")]
    [InlineData("s256")]
    public async Task Pkce_S256_is_accepted_case_insensitively(string method)
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(challenge: EmulatorHost.S256(Verifier), method: method));

        var response = await host.ExchangeCodeAsync(code, verifier: Verifier);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Pkce_S256_verifier_mismatch_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(challenge: EmulatorHost.S256(Verifier), method: "S256"));

        var response = await host.ExchangeCodeAsync(code, verifier: Verifier + "x");

        Assert.Equal("909", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Pkce_verifier_is_required_when_a_challenge_was_sent()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(challenge: EmulatorHost.S256(Verifier), method: "S256"));

        var response = await host.ExchangeCodeAsync(code);

        Assert.Equal("909", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("PLAIN")]
    [InlineData(null)]
    public async Task Pkce_plain_is_accepted_and_is_the_default_method(string? method)
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(challenge: Verifier, method: method));
        var mismatch = await host.GetCodeAsync(EmulatorHost.SignInQuery(challenge: Verifier, method: method));

        var ok = await host.ExchangeCodeAsync(code, verifier: Verifier);
        var bad = await host.ExchangeCodeAsync(mismatch, verifier: EmulatorHost.S256(Verifier));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("909", await EmulatorHost.ErrorCodeAsync(bad, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Unknown_challenge_method_is_an_error_page()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.GetSignInAsync(EmulatorHost.SignInQuery(challenge: Verifier, method: "S512"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("910", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.Unauthorized)]
    public async Task Pkce_exchange_may_omit_the_secret_unless_options_require_it(bool requireSecret, HttpStatusCode expected)
    {
        await using var host = await EmulatorHost.StartAsync(o => o.RequireClientSecretWithPkce = requireSecret);
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(challenge: EmulatorHost.S256(Verifier), method: "S256"));

        var response = await host.ExchangeCodeAsync(code, clientSecret: null, verifier: Verifier);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Pkce_exchange_with_a_wrong_secret_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(challenge: EmulatorHost.S256(Verifier), method: "S256"));

        var response = await host.ExchangeCodeAsync(code, clientSecret: "wrong", verifier: Verifier);

        Assert.Equal("902", await EmulatorHost.ErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Pkce_required_client_rejects_requests_without_challenge()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient
        {
            ClientId = "pkce-only",
            ClientSecret = "s",
            PkceMode = GamEmulatorPkceMode.Required,
        }));

        var without = await host.GetSignInAsync(EmulatorHost.SignInQuery(clientId: "pkce-only"));
        var with = await host.GetSignInAsync(EmulatorHost.SignInQuery(clientId: "pkce-only", challenge: EmulatorHost.S256(Verifier), method: "S256"));

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("910", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task Pkce_disabled_client_ignores_the_challenge()
    {
        await using var host = await EmulatorHost.StartAsync(o => o.Clients.Add(new GamEmulatorClient
        {
            ClientId = "basic-only",
            ClientSecret = "s",
            PkceMode = GamEmulatorPkceMode.Disabled,
        }));
        var code = await host.GetCodeAsync(EmulatorHost.SignInQuery(clientId: "basic-only", challenge: EmulatorHost.S256(Verifier), method: "S256"));

        var response = await host.ExchangeCodeAsync(code, clientId: "basic-only", clientSecret: "s");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
