using System.Net;
using System.Net.Http.Headers;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Testing;
using GamAuthentication.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer.Tests;

/// <summary>
/// GAM unreachable or broken → 503 with Retry-After and Cache-Control: no-store, never 401 and never
/// success, logged as a warning, and nothing cached. GAM's rejections → 401 invalid_token.
/// </summary>
public sealed class BearerGamFailureTests : IAsyncLifetime
{
    private GamTestServer _gam = null!;
    private ApiTestHost _api = null!;

    public async Task InitializeAsync()
    {
        _gam = await GamTestServer.StartAsync();
        _api = await ApiTestHost.StartAsync(_gam, o =>
        {
            // Short enough for the hanging-GAM cases, long enough for a real call on a loaded CI machine.
            o.BackchannelTimeout = TimeSpan.FromSeconds(2);
            o.MaxResponseBytes = 4096;
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _gam.DisposeAsync();
    }

    public static TheoryData<string> FailureModes() =>
    [
        "connection refused", "slow past the timeout", "500", "502", "503", "429", "404",
        "garbage JSON", "empty body", "oversized body", "JSON array", "HTML page",
    ];

    private static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Fault(string mode) => mode switch
    {
        "connection refused" => (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (localhost:80)"),
        "slow past the timeout" => FaultInjectingHandler.Hang,
        "500" => FaultInjectingHandler.Respond(HttpStatusCode.InternalServerError, "{\"error\":\"boom\"}"),
        "502" => FaultInjectingHandler.Respond(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html"),
        "503" => FaultInjectingHandler.Respond(HttpStatusCode.ServiceUnavailable),
        "429" => FaultInjectingHandler.Respond(HttpStatusCode.TooManyRequests),
        "404" => FaultInjectingHandler.Respond(HttpStatusCode.NotFound, "not found", "text/plain"),
        "garbage JSON" => FaultInjectingHandler.Respond(HttpStatusCode.OK, "{\"guid\": \"abc\", oops"),
        "empty body" => FaultInjectingHandler.Respond(HttpStatusCode.OK),
        "oversized body" => FaultInjectingHandler.Respond(HttpStatusCode.OK, "{\"guid\":\"abc\",\"pad\":\"" + new string('x', 5000) + "\"}"),
        "JSON array" => FaultInjectingHandler.Respond(HttpStatusCode.OK, "[{\"guid\":\"abc\"}]"),
        "HTML page" => FaultInjectingHandler.Respond(HttpStatusCode.OK, "<html><body>Sign in</body></html>", "text/html"),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    [Theory]
    [MemberData(nameof(FailureModes))]
    public async Task GAM_failure_answers_503_with_retry_after_and_caches_nothing(string mode)
    {
        var token = _gam.IssueToken();
        _api.Faults.Fault = Fault(mode);

        using var response = await _api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Header("Retry-After"));
        Assert.Equal("no-store", response.CacheControl());
        Assert.Null(response.WwwAuthenticate());
        Assert.Contains(_api.Logs.Lines(LogLevel.Warning), l => l.Contains("GAM is unavailable", StringComparison.Ordinal));

        // Nothing was cached: once GAM is back, the same token is checked again and accepted.
        _api.Faults.Fault = null;
        using var again = await _api.GetWithTokenAsync("/me", token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, _api.Faults.Calls);
        Assert.Equal(1, _api.Counter(GamMetrics.UserInfoCalls).Total(GamMetrics.OutcomeTag, "unavailable"));
        Assert.Equal(1, _api.Counter(GamMetrics.UserInfoCalls).Total(GamMetrics.OutcomeTag, "success"));
    }

    [Theory]
    [InlineData("404", "answered HTTP 404 (not found): check Authority, GAM's base URL including its virtual directory")]
    [InlineData("connection refused", "could not be reached (the connection was refused or failed): check Authority, GAM's base URL including its virtual directory")]
    [InlineData("HTML page", "answered HTTP 200 with a body of type text/html that is not JSON: check Authority, GAM's base URL including its virtual directory")]
    public async Task GAM_not_found_where_configured_is_logged_with_the_url_and_what_to_check(string mode, string expected)
    {
        _api.Faults.Fault = Fault(mode);

        (await _api.GetWithTokenAsync("/me", _gam.IssueToken())).Dispose();

        var warning = Assert.Single(_api.Logs.Lines(LogLevel.Warning), l => l.Contains("GAM is unavailable", StringComparison.Ordinal));
        Assert.Contains("GAM's userinfo endpoint " + GamTestServer.Authority + "/oauth/gam/userinfo " + expected, warning, StringComparison.Ordinal);
        Assert.Contains("EndpointProfile", warning, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FailureModes))]
    public async Task No_failure_is_logged_with_a_made_up_status_or_code(string mode)
    {
        _api.Faults.Fault = Fault(mode);

        (await _api.GetWithTokenAsync("/me", _gam.IssueToken())).Dispose();

        Assert.All(_api.Logs.Lines(), l =>
        {
            Assert.DoesNotContain("HTTP 0", l, StringComparison.Ordinal);
            Assert.DoesNotContain("code none", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task GAM_retry_after_is_passed_on_to_the_client()
    {
        _api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.TooManyRequests, headers: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(17)));

        using var response = await _api.GetWithTokenAsync("/me", _gam.IssueToken());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("17", response.Header("Retry-After"));
    }

    [Fact]
    public async Task Unavailable_on_an_anonymous_endpoint_does_not_block_it()
    {
        _api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.InternalServerError);

        using var response = await _api.GetWithTokenAsync("/anon", _gam.IssueToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_slow_GAM_call_ends_at_the_backchannel_timeout_and_is_not_a_rejection()
    {
        _api.Faults.Fault = FaultInjectingHandler.Hang;

        using var response = await _api.GetWithTokenAsync("/me", _gam.IssueToken());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(_api.Faults.LastCallToken.IsCancellationRequested);
        Assert.Equal(0, _api.Counter(GamMetrics.UserInfoCalls).Total(GamMetrics.OutcomeTag, "rejected"));
    }

    [Fact]
    public async Task Unreachable_GAM_on_a_real_socket_answers_503()
    {
        await using var api = await ApiTestHost.StartAsync(null, o => o.Authority = $"http://127.0.0.1:{FreePort.Next()}/gam", useFaultHandler: false);

        using var response = await api.GetWithTokenAsync("/me", "some-token");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Header("Retry-After"));
        Assert.Contains(api.Logs.Lines(LogLevel.Warning), l => l.Contains("could not be reached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unavailable_retry_after_is_configurable()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.UnavailableRetryAfter = TimeSpan.FromSeconds(42));
        api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.BadGateway);

        using var response = await api.GetWithTokenAsync("/me", _gam.IssueToken());

        Assert.Equal("42", response.Header("Retry-After"));
    }

    public static TheoryData<int, string, string> RejectionShapes() => new()
    {
        { 401, "{\"error\":{\"code\":\"103\",\"message\":\"The token has expired\"}}", "The access token expired (GAM error 103)." },
        { 403, "{\"error\":{\"code\":\"103\",\"message\":\"Token vencido\"}}", "The access token expired (GAM error 103)." },
        { 401, "{\"error\":{\"code\":\"112\",\"message\":\"Token not found\"}}", "The access token is unknown to GAM (GAM error 112)." },
        { 200, "{\"error\":{\"code\":\"114\",\"message\":\"Invalid token\"}}", "The access token is invalid (GAM error 114)." },
        { 401, "{\"error\":\"invalid_token\",\"error_description\":\"expired\"}", "The access token was rejected by GAM (error invalid_token)." },
        { 401, "", "The access token was rejected by GAM." },
        { 403, "<html>forbidden</html>", "The access token was rejected by GAM." },
        { 401, "{\"error\":{\"code\":\"1 \\\" 2\",\"message\":\"x\"}}", "The access token was rejected by GAM (error unknown)." },
        { 200, "{\"first_name\":\"Ann\"}", "The access token grants no user information (the userinfo answer names no user)." },
        { 200, "{}", "The access token grants no user information (the userinfo answer names no user)." },
        { 401, "{\"error\":\"invalid_token\",\"error_description\":\"invalid token provided\"}", "The access token was rejected by GAM (error invalid_token)." },
    };

    [Theory]
    [MemberData(nameof(RejectionShapes))]
    public async Task GAM_rejection_answers_401_invalid_token(int status, string body, string description)
    {
        _api.Faults.Fault = FaultInjectingHandler.Respond((HttpStatusCode)status, body);

        using var response = await _api.GetWithTokenAsync("/me", "token-" + status);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer realm=\"GamBearer\", error=\"invalid_token\", error_description=\"{description}\"", response.WwwAuthenticate());
        Assert.Equal("no-store", response.CacheControl());
        Assert.Null(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"first_name\":\"Ann\",\"roles\":[\"Administrator\"]}")]
    public async Task A_user_object_without_identifier_is_a_rejection_that_is_cached_briefly(string body)
    {
        _api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.OK, body);

        using var first = await _api.GetWithTokenAsync("/me", "scopeless-token");
        using var second = await _api.GetWithTokenAsync("/me", "scopeless-token");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(1, _api.Faults.Calls);
        Assert.Equal(1, _api.Counter(GamMetrics.NegativeCacheHits).Total());
        Assert.Equal(1, _api.Counter(GamMetrics.UserInfoCalls).Total(GamMetrics.OutcomeTag, "rejected"));

        _api.Clock.Advance(TimeSpan.FromSeconds(11));
        using var third = await _api.GetWithTokenAsync("/me", "scopeless-token");
        Assert.Equal(2, _api.Faults.Calls);
    }

    // OneLogin's answers when the token does not reach it the way it expects (seed 004): our request was malformed,
    // so this is a configuration mistake to report, not an invalid token to cache.
    [Theory]
    [InlineData("{\"error\": \"invalid_request\", \"error_description\": \"no bearer token provided\"}")]
    [InlineData("{\"error\": \"invalid_request\", \"error_description\": \"invalid authorization header value format\"}")]
    public async Task Invalid_request_from_userinfo_is_a_misconfiguration_answered_503_and_never_cached(string body)
    {
        _api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.BadRequest, body);

        using var first = await _api.GetWithTokenAsync("/me", "good-token");
        using var second = await _api.GetWithTokenAsync("/me", "good-token");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Null(first.WwwAuthenticate());
        Assert.Equal(2, _api.Faults.Calls);
        Assert.Equal(2, _api.Counter(GamMetrics.UserInfoCalls).Total(GamMetrics.OutcomeTag, "misconfigured"));
        var errors = _api.Logs.Lines(LogLevel.Error).Where(l => l.Contains("did not understand", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("UserInformationTokenStyle", errors[0], StringComparison.Ordinal);
        Assert.Contains("EndpointProfile", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_details_can_be_left_out()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.IncludeErrorDetails = false);

        using var rejected = await api.GetWithTokenAsync("/me", "unknown-token");
        using var malformed = await api.GetAsync("/me", "Bearer a b");

        Assert.Equal("Bearer realm=\"GamBearer\", error=\"invalid_token\"", rejected.WwwAuthenticate());
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"invalid_request\"", malformed.WwwAuthenticate());
    }
}
