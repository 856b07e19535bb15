using System.Net;
using System.Net.Http.Headers;
using GamAuthentication.Bearer;
using GamAuthentication.Emulator;
using GamAuthentication.Tokens.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Diagnostics.Tests;

/// <summary>The span of a bearer token's userinfo call (a cache miss), for an accepted and a rejected token.</summary>
public sealed class BearerTelemetryTests
{
    private static Task<TokensHost> StartAsync() => TokensHost.StartAsync(
        services: b =>
        {
            b.Services.AddAuthentication().AddGamBearer(o => o.Authority = TokensHost.Authority);
            b.Services.AddAuthorization();
        },
        endpoints: app => app.MapGet("/bearer-me", (HttpContext c) => Results.Text(c.User.Identity?.Name ?? "?"))
            .RequireAuthorization(p => p.AddAuthenticationSchemes(GamBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser()));

    private static async Task<HttpStatusCode> CallAsync(TokensHost host, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bearer-me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_userinfo_call_for_an_uncached_token_is_a_span_with_its_outcome_and_only_misses_make_one()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await StartAsync();
        var token = host.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;

        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, token));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, token));

        var span = telemetry.Single(GamSpans.BearerUserInfo);
        SpanAssert.Outcome(span, GamBearerDefaults.AuthenticationScheme, "success");
        var exchange = Assert.Single(telemetry.All(GamSpans.Exchange));
        Assert.Equal(span.SpanId, exchange.ParentSpanId);
        telemetry.AssertNoTagContains(token);
    }

    [Fact]
    public async Task A_rejected_token_is_an_error_span_tagged_rejected_without_the_token()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await StartAsync();
        var token = host.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        host.Emulator.RevokeToken(token);

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(host, token));

        var span = telemetry.Single(GamSpans.BearerUserInfo);
        SpanAssert.Outcome(span, GamBearerDefaults.AuthenticationScheme, "rejected");
        Assert.Contains("GAM rejected the token", span.StatusDescription, StringComparison.Ordinal);
        telemetry.AssertNoTagContains(token);
    }
}
