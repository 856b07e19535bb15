using System.Net;
using System.Text;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using GamAuthentication.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tests;

/// <summary>
/// Every way a sign-in must fail. Each test ends on the app's error page (OnRemoteFailure), leaves the user signed
/// out, and the message shown never contains the client secret, the authorization code or a token.
/// </summary>
public sealed class SignInFailureTests
{
    private static Uri WithQuery(Uri url, string name, string? value)
    {
        var query = QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        if (value is null)
        {
            query.Remove(name);
        }
        else
        {
            query[name] = value;
        }

        return new Uri(QueryHelpers.AddQueryString(url.GetLeftPart(UriPartial.Path), query));
    }

    private static void AssertSafe(string message, Uri callback, params string[] secrets)
    {
        Assert.DoesNotContain(GamTestHost.ClientSecret, message, StringComparison.Ordinal);
        Assert.DoesNotContain(GamTestHost.Password, message, StringComparison.Ordinal);
        if (TestBrowser.Query(callback).TryGetValue("code", out var code))
        {
            Assert.DoesNotContain(code, message, StringComparison.Ordinal);
        }

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Callback_with_tampered_state_is_rejected()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);
        var state = TestBrowser.Query(callback)["state"];
        var tampered = state[..20] + (state[20] == 'A' ? 'B' : 'A') + state[21..];

        using var final = await GamTestHost.CompleteAsync(browser, WithQuery(callback, "state", tampered));

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("The oauth state was missing or invalid.", message);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.Token));
    }

    [Fact]
    public async Task Callback_without_state_is_rejected()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, WithQuery(callback, "state", null));

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("The oauth state was missing or invalid.", message);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.Token));
    }

    [Fact]
    public async Task Callback_without_the_correlation_cookie_is_rejected()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);
        Assert.Equal(1, browser.RemoveCookies(name => name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal)));

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("Correlation failed.", message);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.Token));
    }

    [Fact]
    public async Task Code_redeemed_with_another_sign_ins_pkce_verifier_is_rejected()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var first = await GamTestHost.GetCallbackAsync(browser);

        // A second sign-in attempt in the same browser: its state carries a different code_verifier.
        var second = await GamTestHost.ChallengeAsync(browser);
        var mixed = WithQuery(first, "state", TestBrowser.Query(second)["state"]);
        using var final = await GamTestHost.CompleteAsync(browser, mixed);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("GAM error 909", message, StringComparison.Ordinal);
        AssertSafe(message, first);
        var failure = Assert.IsType<GamAuthenticationException>(Assert.Single(host.Failures));
        Assert.Equal("909", failure.ErrorCode);
        Assert.Equal(400, failure.StatusCode);
    }

    [Fact]
    public async Task Code_issued_for_another_redirect_uri_is_rejected()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var authorize = await GamTestHost.ChallengeAsync(browser);

        // The redirect_uri is changed on its way to GAM; GAM sends the code there, the app redeems it with its own.
        var altered = WithQuery(authorize, "redirect_uri", "https://localhost/signin-gam?via=elsewhere");
        using var answer = await GamTestHost.SubmitCredentialsAsync(browser, altered);
        var callback = browser.Location(answer);
        Assert.StartsWith("https://localhost/signin-gam?via=elsewhere&", callback.ToString(), StringComparison.Ordinal);
        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("GAM error 908", message, StringComparison.Ordinal);
        AssertSafe(message, callback);
    }

    [Fact]
    public async Task Replayed_code_is_rejected()
    {
        await using var host = await GamTestHost.StartAsync();
        using var victim = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(victim);
        using (var signedIn = await GamTestHost.CompleteAsync(victim, callback))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        // Someone who saw the callback URL starts their own sign-in and feeds it the used code.
        using var attacker = host.CreateBrowser();
        var own = await GamTestHost.ChallengeAsync(attacker);
        using var final = await GamTestHost.CompleteAsync(attacker, WithQuery(callback, "state", TestBrowser.Query(own)["state"]));

        var message = await host.AssertFailedAsync(attacker, final);
        Assert.Contains("GAM error 906", message, StringComparison.Ordinal);
        AssertSafe(message, callback);
    }

    [Fact]
    public async Task Expired_code_is_rejected()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        host.Clock.Advance(TimeSpan.FromSeconds(181));
        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("GAM error 907", message, StringComparison.Ordinal);
        AssertSafe(message, callback);
    }

    [Fact]
    public async Task Gam_error_from_the_token_endpoint_is_named_in_the_failure_without_the_secret()
    {
        const string wrongSecret = "wrong-secret-5d1e0b7c";
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.ClientSecret = wrongSecret);
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("The GAM code exchange failed: GAM's token endpoint https://localhost/gam/oauth/gam/access_token answered HTTP 401 with GAM error 902: Invalid client_secret.", message);
        AssertSafe(message, callback, wrongSecret);
        var failure = Assert.IsType<GamAuthenticationException>(Assert.Single(host.Failures));
        Assert.Equal("902", failure.ErrorCode);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Userinfo_rejecting_the_new_token_as_expired_fails_the_sign_in(int expiredStatus)
    {
        await using var host = await GamTestHost.StartAsync(o => o.Emulator = e =>
        {
            e.AccessTokenLifetimeSeconds = 60;
            e.ExpiredTokenStatusCode = expiredStatus;
        });
        string? accessToken = null;
        host.Backchannel.OnRequest = request =>
        {
            if (request.Uri.AbsolutePath.EndsWith("/userinfo", StringComparison.Ordinal))
            {
                accessToken = request.Authorization;
                host.Clock.Advance(TimeSpan.FromSeconds(61));
            }
        };
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal($"The GAM userinfo call failed: GAM rejected the token (HTTP {expiredStatus}, GAM error 103: Token expired, log in again.).", message);
        Assert.NotNull(accessToken);
        AssertSafe(message, callback, accessToken);
        var failure = Assert.IsType<GamAuthenticationException>(Assert.Single(host.Failures));
        Assert.Equal("103", failure.ErrorCode);
        Assert.Equal(expiredStatus, failure.StatusCode);
    }

    [Theory]
    [InlineData("/userinfo", "404", "The GAM userinfo call failed: GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo answered HTTP 404 (not found): ")]
    [InlineData("/userinfo", "refused", "The GAM userinfo call failed: GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo could not be reached (the connection was refused or failed): ")]
    [InlineData("/access_token", "404", "The GAM code exchange failed: GAM's token endpoint https://localhost/gam/oauth/gam/access_token answered HTTP 404 (not found): ")]
    public async Task GAM_not_found_where_configured_is_logged_once_with_the_url_and_what_to_check(string path, string mode, string expected)
    {
        await using var host = await GamTestHost.StartAsync();
        host.Backchannel.Respond = (request, _) => !request.Uri.AbsolutePath.EndsWith(path, StringComparison.Ordinal) ? null
            : mode == "404" ? Task.FromResult(RecordingHttpHandler.Json(HttpStatusCode.NotFound, "<html>Not found</html>"))
            : Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (localhost:443)"));
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        const string Hint = "check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile.";
        Assert.Equal(expected + Hint, message);
        var warning = Assert.Single(host.Logs.Lines(LogLevel.Warning), l => l.Contains("GAM scheme Gam:", StringComparison.Ordinal));
        Assert.Contains(expected[(expected.IndexOf(": ", StringComparison.Ordinal) + 2)..] + Hint.TrimEnd('.'), warning, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP 0", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("code none", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Userinfo_server_error_fails_the_sign_in()
    {
        await using var host = await GamTestHost.StartAsync();
        host.Backchannel.RespondTo("/userinfo", _ => RecordingHttpHandler.Json(HttpStatusCode.InternalServerError, "{\"error\":{\"code\":\"1\",\"message\":\"boom\"}}"));
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("The GAM userinfo call failed: GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo answered HTTP 500.", message);
        AssertSafe(message, callback);
    }

    [Theory]
    [InlineData("{\"guid\": \"abc\", ", "GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo answered HTTP 200 with a body of type application/json that is not JSON: check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile")]
    [InlineData("<html><body>Login</body></html>", "GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo answered HTTP 200 with a body of type application/json that is not JSON: check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile")]
    [InlineData("", "GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo answered HTTP 200 with an empty body that is not JSON: check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile")]
    [InlineData("[\"guid\"]", "the answer of GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo is JSON but not a user object")]
    [InlineData("{\"guid\": \"\", \"email\": \"\"}", "GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo answered a user object without any user identifier")]
    [InlineData("{}", "GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo answered a user object without any user identifier")]
    public async Task Userinfo_answer_that_is_not_a_user_fails_the_sign_in(string body, string expected)
    {
        await using var host = await GamTestHost.StartAsync();
        host.Backchannel.RespondTo("/userinfo", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, body));
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.StartsWith("The GAM userinfo call failed: " + expected, message, StringComparison.Ordinal);
        AssertSafe(message, callback);
    }

    [Theory]
    [InlineData("/userinfo", true, "The GAM userinfo call failed: the answer of GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo exceeded 4096 bytes.")]
    [InlineData("/userinfo", false, "The GAM userinfo call failed: the answer of GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo exceeded 4096 bytes.")]
    [InlineData("/access_token", true, "The GAM code exchange failed: the answer of GAM's token endpoint https://localhost/gam/oauth/gam/access_token exceeded 4096 bytes.")]
    [InlineData("/access_token", false, "The GAM code exchange failed: the answer of GAM's token endpoint https://localhost/gam/oauth/gam/access_token exceeded 4096 bytes.")]
    public async Task Response_larger_than_MaxResponseBytes_fails_the_sign_in(string path, bool declaresLength, string expected)
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.MaxResponseBytes = 4096);
        var oversized = "{\"guid\":\"g\",\"access_token\":\"t\",\"padding\":\"" + new string('x', 10_000) + "\"}";
        host.Backchannel.RespondTo(path, _ =>
        {
            var bytes = Encoding.UTF8.GetBytes(oversized);
            HttpContent content = declaresLength ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
            content.Headers.ContentType = new("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal(expected, message);
    }

    // The timeout bounds every backchannel call; where the stalled call is userinfo, the real code exchange before it
    // gets a whole second so a busy machine cannot time it out instead.
    [Theory]
    [InlineData("/access_token", 200, "The GAM code exchange failed: GAM's token endpoint https://localhost/gam/oauth/gam/access_token timed out (no answer within 0.2 s).")]
    [InlineData("/userinfo", 1000, "The GAM userinfo call failed: GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo timed out (no answer within 1 s).")]
    public async Task Gam_endpoint_that_never_answers_fails_the_sign_in_after_BackchannelTimeout(string path, int timeoutMs, string expected)
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.BackchannelTimeout = TimeSpan.FromMilliseconds(timeoutMs));
        var neverAnswered = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        host.Backchannel.Respond = (request, ct) =>
        {
            if (!request.Uri.AbsolutePath.EndsWith(path, StringComparison.Ordinal))
            {
                return null;
            }

            return NeverAnswerAsync(ct);
        };

        async Task<HttpResponseMessage> NeverAnswerAsync(CancellationToken ct)
        {
            try
            {
                return await neverAnswered.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }

        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal(expected, message);
        Assert.True(cancelled, "the backchannel call must have been cancelled by the timeout");
        Assert.False(neverAnswered.Task.IsCompleted);
    }

    [Theory]
    [InlineData("/access_token", 200, "The GAM code exchange failed: the answer of GAM's token endpoint https://localhost/gam/oauth/gam/access_token timed out (incomplete after 0.2 s).")]
    [InlineData("/userinfo", 1000, "The GAM userinfo call failed: the answer of GAM's userinfo endpoint https://localhost/gam/oauth/gam/userinfo timed out (incomplete after 1 s).")]
    public async Task Gam_endpoint_that_stalls_after_the_headers_fails_the_sign_in_after_BackchannelTimeout(string path, int timeoutMs, string expected)
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.BackchannelTimeout = TimeSpan.FromMilliseconds(timeoutMs));
        var body = new StallingStream();
        host.Backchannel.RespondTo(path, _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(body) { Headers = { ContentType = new("application/json") } },
        });
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        // The guard only ends a hang (the bug this test is for); it is not a timing assertion.
        using var final = await GamTestHost.CompleteAsync(browser, callback).WaitAsync(TimeSpan.FromSeconds(30));

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal(expected, message);
        Assert.True(body.ReadWasCancelled);
    }

    [Fact]
    public async Task Unreachable_token_endpoint_fails_the_sign_in()
    {
        await using var host = await GamTestHost.StartAsync();
        host.Backchannel.Respond = (request, _) => request.Uri.AbsolutePath.EndsWith("/access_token", StringComparison.Ordinal)
            ? Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (localhost:443)"))
            : null;
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("The GAM code exchange failed: GAM's token endpoint https://localhost/gam/oauth/gam/access_token could not be reached (the connection was refused or failed): check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile.", message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "<html>oops</html>", "GAM's token endpoint https://localhost/gam/oauth/gam/access_token answered HTTP 500")]
    [InlineData(HttpStatusCode.NotFound, "<html>Not found</html>", "GAM's token endpoint https://localhost/gam/oauth/gam/access_token answered HTTP 404 (not found): check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile")]
    [InlineData(HttpStatusCode.OK, "{\"token_type\":\"Bearer\"}", "GAM's token endpoint https://localhost/gam/oauth/gam/access_token answered HTTP 200 with a body of type application/json that is not a token response: check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile")]
    [InlineData(HttpStatusCode.OK, "not json", "GAM's token endpoint https://localhost/gam/oauth/gam/access_token answered HTTP 200 with a body of type application/json that is not a token response: check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile")]
    [InlineData(HttpStatusCode.BadRequest, "{\"error\":\"invalid_grant\",\"error_description\":\"bad code\"}", "GAM's token endpoint https://localhost/gam/oauth/gam/access_token answered HTTP 400 with GAM error invalid_grant: bad code")]
    public async Task Token_endpoint_answer_that_is_not_a_token_fails_the_sign_in(HttpStatusCode status, string body, string expected)
    {
        await using var host = await GamTestHost.StartAsync();
        host.Backchannel.RespondTo("/access_token", _ => RecordingHttpHandler.Json(status, body));
        using var browser = host.CreateBrowser();
        var callback = await GamTestHost.GetCallbackAsync(browser);

        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("The GAM code exchange failed: " + expected + ".", message);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }

    [Fact]
    public async Task Gam_error_code_on_the_callback_fails_the_sign_in()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var authorize = await GamTestHost.ChallengeAsync(browser);
        var state = TestBrowser.Query(authorize)["state"];

        var callback = new Uri(QueryHelpers.AddQueryString("https://localhost/signin-gam", new Dictionary<string, string?>
        {
            ["state"] = state,
            ["error_code"] = "12",
            ["error_message"] = "User is not active",
        }));
        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("GAM refused the sign-in (GAM error 12: User is not active).", message);
        Assert.Equal("12", Assert.IsType<GamAuthenticationException>(Assert.Single(host.Failures)).ErrorCode);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.Token));
    }

    [Fact]
    public async Task Gam_error_code_on_the_callback_clears_the_correlation_cookie()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var authorize = await GamTestHost.ChallengeAsync(browser);
        Assert.Contains(browser.CookieNames, n => n.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));

        var callback = new Uri(QueryHelpers.AddQueryString("https://localhost/signin-gam", new Dictionary<string, string?>
        {
            ["state"] = TestBrowser.Query(authorize)["state"],
            ["error_code"] = "12",
        }));
        using var final = await GamTestHost.CompleteAsync(browser, callback);
        Assert.DoesNotContain(browser.CookieNames, n => n.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));

        await host.AssertFailedAsync(browser, final);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("forged-state")]
    public async Task Gam_error_code_on_a_callback_without_valid_state_is_rejected_as_bad_state(string? state)
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        await GamTestHost.ChallengeAsync(browser);

        // Anyone can send a browser here; without the state of a sign-in this browser started, GAM's text is not shown.
        var callback = new Uri(QueryHelpers.AddQueryString("https://localhost/signin-gam", new Dictionary<string, string?>
        {
            ["state"] = state,
            ["error_code"] = "12",
            ["error_message"] = "Your account is locked, call +1 555 0100",
        }.Where(p => p.Value is not null)));
        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Equal("The oauth state was missing or invalid.", message);
    }

    [Fact]
    public async Task Access_denied_on_the_callback_fails_the_sign_in()
    {
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();
        var authorize = await GamTestHost.ChallengeAsync(browser);

        var callback = new Uri(QueryHelpers.AddQueryString("https://localhost/signin-gam", new Dictionary<string, string?>
        {
            ["state"] = TestBrowser.Query(authorize)["state"],
            ["error"] = "access_denied",
        }));
        using var final = await GamTestHost.CompleteAsync(browser, callback);

        var message = await host.AssertFailedAsync(browser, final);
        Assert.Contains("Access was denied", message, StringComparison.Ordinal);
        Assert.Equal(0, host.Emulator.GetCallCount(GamEmulatorEndpoint.Token));
    }

    /// <summary>A response body that sends its first bytes and then never sends more (until the read is cancelled).</summary>
    private sealed class StallingStream : Stream
    {
        private readonly TaskCompletionSource<int> _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _sentFirst;

        public bool ReadWasCancelled { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sentFirst)
            {
                _sentFirst = true;
                buffer.Span[0] = (byte)'{';
                return 1;
            }

            try
            {
                return await _never.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                ReadWasCancelled = true;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous read");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A readable stream that does not know its length, so the response is read without a Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
