using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Bearer.Tests;

/// <summary>A token is identified in logs only by a short hash prefix: no raw token in any log line, exception or cache key.</summary>
public sealed class BearerLoggingTests
{
    [Fact]
    public async Task No_raw_token_reaches_any_log_line_in_any_outcome()
    {
        await using var gam = await GamTestServer.StartAsync();
        await using var api = await ApiTestHost.StartAsync(gam, useFaultHandler: false, services: services =>
            services.AddHttpClient(GamDefaults.BackchannelClientName(GamBearerDefaults.AuthenticationScheme))
                .ConfigurePrimaryHttpMessageHandler(() => new FaultSwitch(gam.CreateHandler())));
        var valid = gam.IssueToken();
        var revoked = gam.IssueToken("admin");
        gam.Emulator.RevokeToken(revoked);
        var unavailable = gam.IssueToken();
        const string malformed = "secret-part-1 secret-part-2";
        var tokens = new[] { valid, revoked, unavailable };

        (await api.GetWithTokenAsync("/me", valid)).Dispose();
        (await api.GetWithTokenAsync("/me", valid)).Dispose();
        (await api.GetWithTokenAsync("/admin", valid)).Dispose();
        (await api.GetWithTokenAsync("/me", revoked)).Dispose();
        (await api.GetWithTokenAsync("/me", revoked)).Dispose();
        (await api.GetAsync("/me", "Bearer " + malformed)).Dispose();
        FaultSwitch.FailNext = true;
        using (var response = await api.GetWithTokenAsync("/me", unavailable))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        await api.TokenCache.EvictAsync(valid);

        var lines = api.Logs.Lines();
        Assert.Contains(lines, l => l.Contains("is not valid: GAM rejected the token", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GAM is unavailable", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("validated from MemoryCache", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            foreach (var token in tokens)
            {
                Assert.DoesNotContain(token.Split('!')[1], line, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("secret-part", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Log_lines_identify_a_token_by_an_8_character_hash_prefix()
    {
        await using var gam = await GamTestServer.StartAsync();
        await using var api = await ApiTestHost.StartAsync(gam);
        var token = gam.IssueToken();
        gam.Emulator.RevokeToken(token);

        (await api.GetWithTokenAsync("/me", token)).Dispose();

        var expected = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..8];
        Assert.Contains(api.Logs.Lines(), l => l.Contains($"token {expected} is not valid: GAM rejected the token (HTTP 401, GAM error 114", StringComparison.Ordinal));
    }

    /// <summary>Lets the test make one call fail as a broken GAM (500 with an echo of the request headers).</summary>
    private sealed class FaultSwitch(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public static bool FailNext { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (gam:443)");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
