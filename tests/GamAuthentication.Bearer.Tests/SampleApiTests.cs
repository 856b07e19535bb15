using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GamAuthentication.Emulator;
using GamAuthentication.Samples.Api;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer.Tests;

/// <summary>The API sample as `dotnet run` starts it: Kestrel on loopback, the emulator at /gam, the backchannel over real HTTP.</summary>
public sealed class SampleApiTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        _app = SampleApi.Create(["--urls", url], builder => builder.Logging.ClearProviders());
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(url) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Ping_is_anonymous()
    {
        using var response = await _client.GetAsync(new Uri("/api/ping", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"message\":\"pong\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Me_without_a_token_answers_the_bearer_challenge()
    {
        using var response = await _client.GetAsync(new Uri("/api/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\"", string.Join(",", response.Headers.GetValues("WWW-Authenticate")));
    }

    [Fact]
    public async Task The_readme_walkthrough_works_password_grant_then_me()
    {
        var token = await PasswordGrantAsync(GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("demo", me.RootElement.GetProperty("name").GetString());
        Assert.Equal(["User"], me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(me.RootElement.GetProperty("claims").EnumerateArray(), c => c.GetProperty("value").GetString() == "demo@example.com");
    }

    [Theory]
    [InlineData(GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword, HttpStatusCode.Forbidden)]
    [InlineData(GamEmulatorDefaults.AdminUserName, GamEmulatorDefaults.AdminPassword, HttpStatusCode.OK)]
    public async Task Admin_needs_the_Administrator_role(string user, string password, HttpStatusCode expected)
    {
        var token = await PasswordGrantAsync(user, password);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task With_an_authority_configured_the_emulator_is_not_mounted()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var app = SampleApi.Create(["--urls", url, "--Authentication:Schemes:GamBearer:Authority=https://idp.example.com/App"], b => b.Logging.ClearProviders());
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(url) };

        using var response = await client.PostAsync(new Uri("/gam/oauth/gam/v2.0/access_token", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("http://+:5090", "http://localhost:5090/gam")]
    [InlineData("http://0.0.0.0:8080;https://localhost:8443", "http://localhost:8080/gam")]
    [InlineData("http://127.0.0.1:5999", "http://127.0.0.1:5999/gam")]
    public void The_emulator_authority_is_the_apps_own_first_url(string urls, string authority)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls })
            .Build();

        Assert.Equal(authority, SampleApi.EmulatorAuthority(configuration));
    }

    private async Task<string> PasswordGrantAsync(string user, string password)
    {
        using var response = await _client.PostAsync(new Uri("/gam/oauth/gam/v2.0/access_token", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("grant_type", "password"),
            new("client_id", GamEmulatorDefaults.ClientId),
            new("client_secret", GamEmulatorDefaults.ClientSecret),
            new("username", user),
            new("password", password),
            new("scope", "gam_user_data gam_user_roles"),
        ]));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }
}
