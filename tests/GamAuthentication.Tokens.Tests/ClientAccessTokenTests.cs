using System.Net;
using System.Net.Http.Json;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Tokens.Tests;

/// <summary>Service tokens on outgoing HttpClients: cached, shared, renewed on rejection, retried once.</summary>
public sealed class ClientAccessTokenTests
{
    private const string ClientName = "catalog";

    private static Task<TokensHost> StartAsync(
        Action<GamClientAccessTokenOptions>? configure = null,
        Action<GamEmulatorOptions>? emulator = null,
        Func<IHttpClientBuilder, IHttpClientBuilder>? before = null) =>
        TokensHost.StartAsync(emulator, b =>
        {
            var builder = b.Services.AddHttpClient(ClientName, c => c.BaseAddress = new Uri(TokensHost.BaseUrl));
            builder = before?.Invoke(builder) ?? builder;
            builder.AddGamClientAccessToken(o =>
            {
                o.Authority = TokensHost.Authority;
                o.ClientId = GamEmulatorDefaults.ClientId;
                o.ClientSecret = GamEmulatorDefaults.ClientSecret;
                o.ApiKey = GamEmulatorDefaults.DemoApiKey;
                configure?.Invoke(o);
            });
        });

    private static HttpClient Api(TokensHost host) => host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);

    private static void UsePassword(GamClientAccessTokenOptions o)
    {
        o.ApiKey = null;
        o.UserName = GamEmulatorDefaults.DemoUserName;
        o.Password = GamEmulatorDefaults.DemoPassword;
    }

    [Fact]
    public async Task Api_key_token_is_attached_as_bearer_and_the_api_sees_the_user()
    {
        await using var host = await StartAsync();

        var response = await Api(host).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(GamEmulatorDefaults.DemoUserGuid, await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Bearer " + GamEmulatorDefaults.RepositoryGuid + "!", host.Api.PresentedAuthorization.Single());
    }

    [Fact]
    public async Task No_token_or_secret_reaches_a_log_record_at_trace_level_not_even_HttpClients_header_logging()
    {
        await using var host = await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await Api(host).GetAsync("/api/me")).StatusCode);

        var token = host.Api.PresentedAuthorization.Single()!["Bearer ".Length..];
        var lines = host.Logs.Lines();
        // The client's request log is still there, under the category the framework's logger uses.
        Assert.Contains(lines, l => l.StartsWith($"Information System.Net.Http.HttpClient.{ClientName}.ClientHandler: Sending HTTP request GET {TokensHost.BaseUrl}api/me", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"System.Net.Http.HttpClient.{ClientName}.ClientHandler: Received HTTP response headers after", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.False(line.Contains(token.Split('!')[1], StringComparison.Ordinal), line);
            Assert.DoesNotContain(GamEmulatorDefaults.ClientSecret, line, StringComparison.Ordinal);
            Assert.DoesNotContain(GamEmulatorDefaults.DemoApiKey, line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(GamTokenStyle.Raw, "")]
    [InlineData(GamTokenStyle.OAuth, "OAuth ")]
    public async Task Token_style_decides_how_the_token_is_presented(GamTokenStyle style, string prefix)
    {
        await using var host = await StartAsync(o => o.TokenStyle = style);

        Assert.Equal(HttpStatusCode.OK, (await Api(host).GetAsync("/api/me")).StatusCode);

        Assert.StartsWith(prefix + GamEmulatorDefaults.RepositoryGuid + "!", host.Api.PresentedAuthorization.Single());
    }

    [Fact]
    public async Task A_token_that_never_expires_is_kept_until_the_api_rejects_it()
    {
        await using var host = await StartAsync();
        var api = Api(host);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
            host.Clock.Advance(TimeSpan.FromDays(30));
        }

        Assert.Equal(1, host.TokenRequests);
        Assert.Single(host.Api.PresentedAuthorization.Distinct());
    }

    [Fact]
    public async Task Password_token_is_cached_until_shortly_before_expiry_by_the_clock()
    {
        await using var host = await StartAsync(UsePassword, e => e.AccessTokenLifetimeSeconds = 3600);
        var api = Api(host);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        host.Clock.Advance(TimeSpan.FromSeconds(3600 - 61));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        Assert.Equal(1, host.TokenRequests);

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);

        Assert.Equal(2, host.TokenRequests);
        Assert.Equal(2, host.Api.PresentedAuthorization.Distinct().Count());
    }

    [Fact]
    public async Task Short_lived_tokens_are_renewed_at_half_their_lifetime_not_on_every_call()
    {
        await using var host = await StartAsync(UsePassword, e => e.AccessTokenLifetimeSeconds = 30);
        var api = Api(host);

        await api.GetAsync("/api/me");
        host.Clock.Advance(TimeSpan.FromSeconds(14));
        await api.GetAsync("/api/me");
        Assert.Equal(1, host.TokenRequests);

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await api.GetAsync("/api/me");
        Assert.Equal(2, host.TokenRequests);
    }

    [Fact]
    public async Task Hundred_parallel_calls_needing_a_token_cause_one_token_request()
    {
        const int Calls = 100;
        var entered = new EnteredCounter(Calls);
        await using var host = await StartAsync(before: b => b.AddHttpMessageHandler(() => entered));
        host.Gate.Hold();
        var api = Api(host);

        var calls = Enumerable.Range(0, Calls).Select(_ => Task.Run(() => api.GetAsync("/api/me"))).ToList();
        await host.Gate.Entered.Task;
        await entered.All.Task;
        host.Gate.Open();
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, host.TokenRequests);
        Assert.Single(host.Api.PresentedAuthorization.Distinct());
    }

    [Fact]
    public async Task Downstream_401_renews_the_token_once_and_retries_the_request_once()
    {
        await using var host = await StartAsync();
        string? first = null;
        host.Api.Override = presented =>
        {
            first ??= presented;
            return presented == first ? Results.Unauthorized() : null;
        };

        var response = await Api(host).PostAsync("/api/me", JsonContent.Create(new { hello = "world" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, host.Api.Calls);
        Assert.Equal(2, host.TokenRequests);
        Assert.Equal(2, host.Api.PresentedAuthorization.Distinct().Count());
    }

    [Fact]
    public async Task A_downstream_api_that_always_answers_401_gets_one_retry_and_no_loop()
    {
        await using var host = await StartAsync();
        host.Api.Override = _ => Results.Unauthorized();

        var response = await Api(host).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, host.Api.Calls);
        Assert.Equal(2, host.TokenRequests);
    }

    [Fact]
    public async Task Downstream_403_with_gam_code_103_renews_and_retries()
    {
        await using var host = await StartAsync();
        string? first = null;
        host.Api.Override = presented =>
        {
            first ??= presented;
            return presented == first
                ? Results.Json(new { error = new { code = "103", message = "Token expired, log in again." } }, statusCode: 403)
                : null;
        };

        var response = await Api(host).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, host.Api.Calls);
    }

    [Fact]
    public async Task Downstream_403_with_code_103_in_www_authenticate_renews_and_retries()
    {
        await using var host = await StartAsync();
        string? first = null;
        host.Api.Override = presented =>
        {
            first ??= presented;
            return presented == first ? new ExpiredInHeader() : null;
        };

        var response = await Api(host).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, host.Api.Calls);
    }

    [Fact]
    public async Task Downstream_403_without_gam_code_103_is_returned_as_is()
    {
        await using var host = await StartAsync();
        host.Api.Override = _ => Results.Json(new { error = new { code = "5", message = "Not allowed" } }, statusCode: 403);

        var response = await Api(host).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Not allowed", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, host.Api.Calls);
        Assert.Equal(1, host.TokenRequests);
    }

    [Fact]
    public async Task A_token_revoked_at_gam_is_replaced_after_the_api_rejects_it()
    {
        await using var host = await StartAsync(UsePassword);
        var api = Api(host);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        var first = host.Api.PresentedAuthorization.Single()!;
        host.Emulator.RevokeToken(first["Bearer ".Length..]);

        var response = await api.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, host.TokenRequests);
        Assert.Equal(3, host.Api.Calls);
    }

    [Fact]
    public async Task Fifty_parallel_rejections_of_one_token_cause_one_renewal()
    {
        await using var host = await StartAsync();
        var api = Api(host);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        var rejected = host.Api.PresentedAuthorization.Single();
        host.Api.Override = presented => presented == rejected ? Results.Unauthorized() : null;

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => api.GetAsync("/api/me"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, host.TokenRequests);
    }

    [Fact]
    public async Task Gam_refusing_the_api_key_fails_the_call_with_the_gam_code_and_no_secret()
    {
        await using var host = await StartAsync(o => o.ApiKey = "revoked-key-value");

        var error = await Assert.ThrowsAsync<GamAuthenticationException>(() => Api(host).GetAsync("/api/me"));

        Assert.Equal("915", error.ErrorCode);
        Assert.DoesNotContain("revoked-key-value", error.Message);
        Assert.DoesNotContain(host.Logs.Lines(), l => l.Contains("revoked-key-value", StringComparison.Ordinal));
        Assert.Equal(0, host.Api.Calls);
    }

    [Fact]
    public async Task A_failed_token_request_is_not_cached()
    {
        await using var host = await StartAsync();
        host.Gate.FailWith = 503;
        await Assert.ThrowsAsync<GamAuthenticationException>(() => Api(host).GetAsync("/api/me"));

        host.Gate.FailWith = null;
        var response = await Api(host).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_service_account_that_needs_a_second_factor_fails_with_a_clear_message()
    {
        await using var host = await StartAsync(o =>
        {
            o.ApiKey = null;
            o.UserName = GamEmulatorDefaults.OtpUserName;
            o.Password = GamEmulatorDefaults.OtpPassword;
        });

        var error = await Assert.ThrowsAsync<GamAuthenticationException>(() => Api(host).GetAsync("/api/me"));

        Assert.Equal("410", error.ErrorCode);
        Assert.Contains("second authentication factor", error.Message);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_without_cancelling_the_shared_token_request()
    {
        await using var host = await StartAsync();
        host.Gate.Hold();
        var api = Api(host);
        using var cancel = new CancellationTokenSource();

        var cancelled = api.GetAsync("/api/me", cancel.Token);
        await host.Gate.Entered.Task;
        var patient = api.GetAsync("/api/me");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        host.Gate.Open();

        Assert.Equal(HttpStatusCode.OK, (await patient).StatusCode);
        Assert.Equal(1, host.TokenRequests);
    }

    [Fact]
    public void Options_need_exactly_one_kind_of_credentials()
    {
        var both = new GamClientAccessTokenOptions { Authority = "https://gam.example.com", ClientId = "c", ApiKey = "k", UserName = "u", Password = "p" };
        var neither = new GamClientAccessTokenOptions { Authority = "https://gam.example.com", ClientId = "c" };
        var half = new GamClientAccessTokenOptions { Authority = "https://gam.example.com", ClientId = "c", UserName = "u" };

        Assert.Contains(both.Validate(""), f => f.Contains("ApiKey", StringComparison.Ordinal));
        Assert.Contains(neither.Validate(""), f => f.Contains("ApiKey", StringComparison.Ordinal));
        Assert.Contains(half.Validate(""), f => f.Contains("Password", StringComparison.Ordinal));
    }

    /// <summary>403 whose only hint is GAM's token-endpoint style header: error_code="103".</summary>
    private sealed class ExpiredInHeader : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 403;
            httpContext.Response.Headers.WWWAuthenticate = "OAuth realm=\"localhost\",error_code=\"103\",error_description=\"Token expired\"";
            return Task.CompletedTask;
        }
    }

    /// <summary>Outer handler: signals once <paramref name="expected"/> calls have reached the token handler.</summary>
    private sealed class EnteredCounter(int expected) : DelegatingHandler
    {
        private int _entered;

        public TaskCompletionSource All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The inner (token) handler runs synchronously until it waits for the shared token request.
            var sending = base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _entered) == expected)
            {
                All.TrySetResult();
            }

            return await sending;
        }
    }
}
