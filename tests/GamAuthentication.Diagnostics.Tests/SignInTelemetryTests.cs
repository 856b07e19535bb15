using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using GamAuthentication.Tokens.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Diagnostics.Tests;

/// <summary>Spans and counters of a sign-in (code exchange, userinfo) and of a sign-out.</summary>
public sealed class SignInTelemetryTests
{
    [Fact]
    public async Task A_sign_in_records_the_code_exchange_and_userinfo_spans_and_counts_a_success()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();

        var jar = await UserAppHost.SignInThroughGamAsync(client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);

        SpanAssert.Outcome(telemetry.Single(GamSpans.CodeExchange), GamDefaults.AuthenticationScheme, "success");
        SpanAssert.Outcome(telemetry.Single(GamSpans.SignInUserInfo), GamDefaults.AuthenticationScheme, "success");
        var exchanges = telemetry.All(GamSpans.Exchange);
        Assert.Equal(2, exchanges.Count);
        Assert.All(exchanges, e => Assert.Equal("success", e.GetTagItem(GamMetrics.OutcomeTag)));
        Assert.Contains(exchanges, e => (string?)e.GetTagItem(GamSpans.EndpointTag) == "GAM's token endpoint" && (int?)e.GetTagItem("http.response.status_code") == 200);
        Assert.Contains(exchanges, e => (string?)e.GetTagItem("url.full") == TokensHost.Authority + "/oauth/gam/userinfo");
        Assert.Equal(1, telemetry.SignIns.Total(GamMetrics.OutcomeTag, "success"));
        Assert.Equal(1, telemetry.SignIns.Total(GamMetrics.SchemeTag, GamDefaults.AuthenticationScheme));
        telemetry.AssertNoTagContains(saved.Access, saved.Refresh, GamEmulatorDefaults.ClientSecret);
    }

    [Fact]
    public async Task A_failed_code_exchange_is_an_error_span_and_counted_unavailable()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await UserAppHost.StartAsync();
        host.Gate.FailWith = 503;
        var client = host.CreateClient();

        await Assert.ThrowsAnyAsync<Exception>(() => UserAppHost.SignInThroughGamAsync(client));

        var span = telemetry.Single(GamSpans.CodeExchange);
        SpanAssert.Outcome(span, GamDefaults.AuthenticationScheme, "unavailable");
        Assert.Contains("answered HTTP 503", span.StatusDescription, StringComparison.Ordinal);
        Assert.Empty(telemetry.All(GamSpans.SignInUserInfo));
        Assert.Equal(1, telemetry.SignIns.Total(GamMetrics.OutcomeTag, "unavailable"));
        Assert.Equal(0, telemetry.SignIns.Total(GamMetrics.OutcomeTag, "success"));
        telemetry.AssertNoTagContains(GamEmulatorDefaults.ClientSecret);
    }

    [Fact]
    public async Task A_userinfo_that_rejects_the_new_token_is_an_error_span_and_counted_rejected()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await UserAppHost.StartAsync(endpoints: app => app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            if (context.Request.Path.Value!.EndsWith("/userinfo", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 401;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"code\":\"103\",\"message\":\"Token expired\"}");
                return;
            }

            await next(context);
        }));
        var client = host.CreateClient();

        await Assert.ThrowsAnyAsync<Exception>(() => UserAppHost.SignInThroughGamAsync(client));

        SpanAssert.Outcome(telemetry.Single(GamSpans.CodeExchange), GamDefaults.AuthenticationScheme, "success");
        var userInfo = telemetry.Single(GamSpans.SignInUserInfo);
        SpanAssert.Outcome(userInfo, GamDefaults.AuthenticationScheme, "rejected");
        Assert.Contains("HTTP 401", userInfo.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(1, telemetry.SignIns.Total(GamMetrics.OutcomeTag, "rejected"));
        Assert.Equal(0, telemetry.SignIns.Total(GamMetrics.OutcomeTag, "success"));
    }

    [Fact]
    public async Task A_sign_out_records_a_span_that_says_whether_gam_was_involved()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await UserAppHost.StartAsync();
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var saved = await UserAppHost.SavedTokensAsync(jar, client);

        var response = await jar.GetAsync(client, "/signout?returnUrl=/bye");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        SpanAssert.Outcome(telemetry.Single(GamSpans.SignOut), GamDefaults.AuthenticationScheme, "provider", error: false);
        telemetry.AssertNoTagContains(saved.Access, saved.Refresh);

        var anonymous = new CookieJar();
        await anonymous.GetAsync(client, "/signout?returnUrl=/bye");
        Assert.Contains(telemetry.All(GamSpans.SignOut), s => (string?)s.GetTagItem(GamMetrics.OutcomeTag) == "local");
    }
}
