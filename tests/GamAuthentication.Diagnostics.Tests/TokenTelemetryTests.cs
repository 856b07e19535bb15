using System.Net;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using GamAuthentication.Tokens;
using GamAuthentication.Tokens.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Diagnostics.Tests;

/// <summary>Spans and counters of token requests (service tokens, password grants) and of user-token refreshes.</summary>
public sealed class TokenTelemetryTests
{
    private static GamTokenClient Client(TokensHost host) => new(
        host.CreateClient(),
        new GamTokenClientOptions { Authority = TokensHost.Authority, ClientId = GamEmulatorDefaults.ClientId, ClientSecret = GamEmulatorDefaults.ClientSecret },
        host.Clock);

    [Fact]
    public async Task A_granted_token_request_is_a_success_span_and_counted_by_grant()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await TokensHost.StartAsync();

        var result = await Client(host).RequestPasswordTokenAsync(GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword);

        Assert.True(result.IsSuccess);
        var span = telemetry.Single(GamSpans.TokenRequest);
        SpanAssert.Outcome(span, nameof(GamTokenClient), "success");
        Assert.Equal("password", span.GetTagItem(GamMetrics.GrantTag));
        Assert.Equal(1, telemetry.TokenRequests.Total(GamMetrics.GrantTag, "password"));
        Assert.Equal(1, telemetry.TokenRequests.Total(GamMetrics.OutcomeTag, "success"));
        telemetry.AssertNoTagContains(result.Token!.AccessToken, result.Token.RefreshToken, GamEmulatorDefaults.DemoPassword, GamEmulatorDefaults.ClientSecret);
    }

    [Fact]
    public async Task A_refused_token_request_is_an_error_span_and_counted_refused()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await TokensHost.StartAsync();
        const string Wrong = "not-the-password-4711";

        var result = await Client(host).RequestPasswordTokenAsync(GamEmulatorDefaults.DemoUserName, Wrong);

        Assert.Equal(GamTokenResultStatus.Refused, result.Status);
        var span = telemetry.Single(GamSpans.TokenRequest);
        SpanAssert.Outcome(span, nameof(GamTokenClient), "refused");
        Assert.Equal(result.Reason, span.StatusDescription);
        Assert.Equal(1, telemetry.TokenRequests.Total(GamMetrics.OutcomeTag, "refused"));
        telemetry.AssertNoTagContains(Wrong, GamEmulatorDefaults.ClientSecret);
    }

    [Fact]
    public async Task A_service_token_for_an_http_client_is_counted_under_the_client_name()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await TokensHost.StartAsync(services: b => b.Services.AddHttpClient("downstream").AddGamClientAccessToken(o =>
        {
            o.Authority = TokensHost.Authority;
            o.ClientId = GamEmulatorDefaults.ClientId;
            o.ClientSecret = GamEmulatorDefaults.ClientSecret;
            o.UserName = GamEmulatorDefaults.DemoUserName;
            o.Password = GamEmulatorDefaults.DemoPassword;
        }));
        host.Gate.FailWith = 503;

        using var response = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("downstream").GetAsync(new Uri(TokensHost.BaseUrl + "api/me"))
            .ContinueWith(t => t.IsFaulted ? null : t.Result);

        var span = telemetry.Single(GamSpans.TokenRequest);
        SpanAssert.Outcome(span, "downstream", "unavailable");
        Assert.Contains("HTTP 503", span.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(1, telemetry.TokenRequests.Total(GamMetrics.SchemeTag, "downstream"));
    }

    [Fact]
    public async Task A_refresh_is_a_span_and_counted_and_a_failed_one_is_an_error()
    {
        using var telemetry = new TelemetryRecorder();
        await using var host = await UserAppHost.StartAsync(e =>
        {
            e.MaxTokenRenewals = 5;
            e.AccessTokenLifetimeSeconds = 3600;
        });
        var client = host.CreateClient();
        var jar = await UserAppHost.SignInAsync(host, client);
        var old = await UserAppHost.SavedTokensAsync(jar, client);
        host.Clock.Advance(TimeSpan.FromSeconds(3600));

        Assert.Equal(HttpStatusCode.OK, (await jar.GetAsync(client, "/call")).StatusCode);
        var renewed = await UserAppHost.SavedTokensAsync(jar, client);

        SpanAssert.Outcome(telemetry.Single(GamSpans.Refresh), GamDefaults.AuthenticationScheme, "success");
        Assert.Equal(1, telemetry.Refreshes.Total(GamMetrics.OutcomeTag, "success"));
        Assert.Equal(1, telemetry.TokenRequests.Total(GamMetrics.GrantTag, "refresh_token"));

        host.Clock.Advance(TimeSpan.FromSeconds(3600));
        host.Gate.FailWith = 503;
        await jar.GetAsync(client, "/call");

        // An unavailable GAM may be asked again within the request: every attempt is one error span and one count.
        var failed = telemetry.All(GamSpans.Refresh).Where(s => s.Status == System.Diagnostics.ActivityStatusCode.Error).ToArray();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => SpanAssert.Outcome(f, GamDefaults.AuthenticationScheme, "unavailable"));
        Assert.Equal(failed.Length, telemetry.Refreshes.Total(GamMetrics.OutcomeTag, "unavailable"));
        Assert.Equal(1, telemetry.Refreshes.Total(GamMetrics.OutcomeTag, "success"));
        telemetry.AssertNoTagContains(old.Access, old.Refresh, renewed.Access, renewed.Refresh, GamEmulatorDefaults.ClientSecret);
    }
}
