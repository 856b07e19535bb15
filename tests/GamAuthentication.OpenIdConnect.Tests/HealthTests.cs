using GamAuthentication.OpenIdConnect.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GamAuthentication.OpenIdConnect.Tests;

/// <summary><c>AddGamHealthCheck(scheme)</c> on an OpenID Connect scheme probes the provider's discovery document.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task An_openid_connect_scheme_is_healthy_when_its_discovery_document_answers()
    {
        await using var host = await OidcHost.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        foreach (var name in new[] { "oidc-sign-in", "oidc-api" })
        {
            var entry = report.Entries[name];
            Assert.Equal(HealthStatus.Healthy, entry.Status);
            Assert.Equal(OidcHost.Authority, entry.Data["issuer"]);
            Assert.Contains(OidcHost.MetadataAddress, entry.Description, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(503, null, "HTTP 503")]
    [InlineData(200, "<html>sign in</html>", "something else than a discovery document")]
    public async Task An_openid_connect_scheme_is_unhealthy_when_its_discovery_document_does_not_answer(int status, string? body, string reason)
    {
        await using var host = await OidcHost.StartAsync();
        if (body is null)
        {
            host.Provider.DiscoveryStatusCode = status;
        }
        else
        {
            host.Backchannel.RespondTo("/.well-known/openid-configuration", _ => new HttpResponseMessage((System.Net.HttpStatusCode)status) { Content = new StringContent(body) });
        }

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["oidc-api"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(reason, entry.Description, StringComparison.Ordinal);
        Assert.Contains(OidcHost.MetadataAddress, entry.Description, StringComparison.Ordinal);
    }
}
