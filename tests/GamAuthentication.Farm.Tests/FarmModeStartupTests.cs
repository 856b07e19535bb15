using GamAuthentication.Samples.Api;
using GamAuthentication.Samples.Mvc;
using GamAuthentication.Testing;

namespace GamAuthentication.Farm.Tests;

/// <summary>
/// Farm mode (ConnectionStrings:Redis set) never mounts an embedded emulator: several instances each with their own GAM
/// would sign users in against GAMs the others do not know. Without a configured GAM the samples refuse to start.
/// </summary>
public sealed class FarmModeStartupTests
{
    private const string Redis = "--ConnectionStrings:Redis=127.0.0.1:1";

    [Fact]
    public void Mvc_sample_in_farm_mode_without_a_gam_authority_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SampleApp.Create([Redis, "--urls", "http://127.0.0.1:0"]));

        Assert.Contains("Authentication:Schemes:Gam:Authority", error.Message);
    }

    [Fact]
    public void Api_sample_in_farm_mode_without_a_gam_authority_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SampleApi.Create([Redis, "--urls", "http://127.0.0.1:0"]));

        Assert.Contains("Authentication:Schemes:GamBearer:Authority", error.Message);
    }

    [Fact]
    public async Task Mvc_sample_in_farm_mode_names_its_instance_and_serves_no_emulator()
    {
        var url = "http://127.0.0.1:" + FreePort.Next();
        await using var app = SampleApp.Create([Redis, "--urls", url, "--Samples:InstanceName=mvc-test",
            "--Authentication:Schemes:Gam:Authority=http://127.0.0.1:1/gam", "--Authentication:Schemes:Gam:ClientId=sample-client",
            "--Authentication:Schemes:Gam:ClientSecret=sample-secret"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(url) };

        using var emulator = await client.GetAsync("/gam/oauth/userinfo");
        using var home = await client.GetAsync("/");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, emulator.StatusCode);
        Assert.Equal("mvc-test", Assert.Single(home.Headers.GetValues("X-Gam-Instance")));
        await app.StopAsync();
    }
}
