using System.Net;
using System.Net.Http.Headers;
using GamAuthentication.Diagnostics;

namespace GamAuthentication.Protocol;

/// <summary>
/// One HTTP exchange with GAM: send, refuse redirects, bound the body, time out. Every backchannel call of the library
/// (code exchange, userinfo at sign-in and for bearer tokens, token grants, refreshes) goes through here, so these
/// rules live in one place. Interpreting the answer is the caller's job.
/// </summary>
internal static class GamExchange
{
    /// <summary>
    /// Sends <paramref name="request"/> and reads the answer. Never throws for GAM's behaviour, only when
    /// <paramref name="cancellationToken"/> is cancelled. A 3xx answer, or an answer that came from another URL than
    /// the one asked (a handler that followed a redirect), is a failure whose reason names the redirect target's
    /// origin: a GAM that redirects is misconfigured or not GAM, and what another origin says is never believed.
    /// </summary>
    /// <param name="client">The backchannel. Its <see cref="HttpClient.Timeout"/> bounds the whole call, body included.</param>
    /// <param name="time">The clock of that bound.</param>
    /// <param name="request">The request; its URI is the configured endpoint.</param>
    /// <param name="maxResponseBytes">The largest body accepted.</param>
    /// <param name="endpoint">How the endpoint is named in reasons, e.g. "GAM's token endpoint".</param>
    /// <param name="cancellationToken">Cancels the call (the caller gave up).</param>
    public static async Task<GamHttpAnswer> SendAsync(HttpClient client, TimeProvider time, HttpRequestMessage request, int maxResponseBytes, string endpoint, CancellationToken cancellationToken)
    {
        var url = GamUrl.WithoutQuery(request.RequestUri!);
        using var activity = GamTelemetry.Start(GamSpans.Exchange, null);
        activity?.SetTag(GamSpans.EndpointTag, endpoint).SetTag("url.full", url).SetTag("http.request.method", request.Method.Method);
        var answer = await SendCoreAsync(client, time, request, maxResponseBytes, $"{endpoint} {url}", cancellationToken).ConfigureAwait(false);
        if (answer.Status is { } status)
        {
            activity?.SetTag("http.response.status_code", status);
        }

        GamTelemetry.Finish(activity, answer.IsAnswered ? GamTelemetry.Success : answer.IsRedirect ? "redirected" : "unavailable", answer.Failure);
        return answer;
    }

    private static async Task<GamHttpAnswer> SendCoreAsync(HttpClient client, TimeProvider time, HttpRequestMessage request, int maxResponseBytes, string named, CancellationToken cancellationToken)
    {
        var requested = request.RequestUri!;

        // HttpClient applies its timeout only until the headers arrive when the body is read as a stream, so a server
        // that stalls after its headers would otherwise hold the call until the caller gives up.
        using var deadline = client.Timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(client.Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return GamHttpAnswer.Failed($"{named} timed out (no answer within {Seconds(client.Timeout)})", null, ex);
        }
        catch (HttpRequestException ex)
        {
            return GamHttpAnswer.Failed($"{named} could not be reached ({Describe(ex)}): {GamHttpAnswer.ConfigurationHint}", null, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var answeredBy = response.RequestMessage?.RequestUri ?? requested;
            if (!UriEquals(answeredBy, requested))
            {
                return GamHttpAnswer.Redirected(
                    $"the backchannel followed a redirect from {named} to {GamUrl.Origin(answeredBy)}, so its answer is ignored; " +
                    "the HttpClient that talks to GAM must not follow redirects (set AllowAutoRedirect = false on its handler), " +
                    "or it sends credentials to wherever GAM points. Check Authority: GAM's base URL including its virtual directory",
                    status);
            }

            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location;
                var target = location is null ? "nowhere (no Location)" : GamUrl.Origin(location.IsAbsoluteUri ? location : new Uri(requested, location));
                return GamHttpAnswer.Redirected(
                    $"{named} answered HTTP {status}, a redirect to {target}; GAM calls never follow redirects. " +
                    "Check Authority: GAM's base URL including its virtual directory (and EndpointProfile)",
                    status);
            }

            byte[] body;
            try
            {
                body = await ReadBoundedAsync(response.Content, maxResponseBytes, timeout.Token).ConfigureAwait(false);
            }
            catch (GamResponseTooLargeException ex)
            {
                return GamHttpAnswer.Failed($"the answer of {named} exceeded {maxResponseBytes} bytes", status, ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return GamHttpAnswer.Failed($"the answer of {named} timed out (incomplete after {Seconds(client.Timeout)})", status, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return GamHttpAnswer.Failed($"the answer of {named} was cut off", status, ex);
            }

            return GamHttpAnswer.Answered(status, body, response.Content.Headers.ContentType, response.Headers.RetryAfter?.Delta, named);
        }
    }

    private static bool UriEquals(Uri answeredBy, Uri requested) =>
        Uri.Compare(answeredBy, requested, UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static string Seconds(TimeSpan timeout) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");

    private static string Describe(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection was refused or failed",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.Unknown => exception.InnerException?.GetType().Name ?? "unknown error",
        _ => exception.HttpRequestError.ToString(),
    };

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            throw new GamResponseTooLargeException(maxBytes);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new GamResponseTooLargeException(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed class GamResponseTooLargeException(int maxBytes)
        : Exception($"The GAM response exceeded the limit of {maxBytes} bytes.");
}

/// <summary>What one exchange with GAM produced: an answer to interpret, or a failure that means "GAM unavailable or misconfigured".</summary>
internal sealed class GamHttpAnswer
{
    private GamHttpAnswer(int? status, byte[] body, MediaTypeHeaderValue? contentType, TimeSpan? retryAfter, string? failure, bool redirected, Exception? exception, string endpoint)
    {
        Status = status;
        Body = body;
        ContentType = contentType;
        RetryAfter = retryAfter;
        Failure = failure;
        IsRedirect = redirected;
        Exception = exception;
        Endpoint = endpoint;
    }

    /// <summary>The HTTP status, when GAM answered.</summary>
    public int? Status { get; }

    /// <summary>The body (empty on failure).</summary>
    public byte[] Body { get; }

    public MediaTypeHeaderValue? ContentType { get; }

    /// <summary>GAM's <c>Retry-After</c> in its delta form (the date form would need GAM's clock to agree with ours).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Why there is nothing to interpret (safe to log and show: names the endpoint without its query, never a credential).</summary>
    public string? Failure { get; }

    /// <summary>True when the failure is a redirect (answered or followed).</summary>
    public bool IsRedirect { get; }

    public Exception? Exception { get; }

    /// <summary>The endpoint as named in reasons, e.g. "GAM's userinfo endpoint https://idp/app/oauth/gam/userinfo".</summary>
    public string Endpoint { get; }

    public bool IsAnswered => Failure is null;

    public bool IsSuccessStatus => Status is >= 200 and < 300;

    public static GamHttpAnswer Answered(int status, byte[] body, MediaTypeHeaderValue? contentType, TimeSpan? retryAfter, string endpoint) =>
        new(status, body, contentType, retryAfter, null, false, null, endpoint);

    public static GamHttpAnswer Failed(string reason, int? status, Exception? exception) =>
        new(status, [], null, null, reason, false, exception, string.Empty);

    public static GamHttpAnswer Redirected(string reason, int status) =>
        new(status, [], null, null, reason, true, null, string.Empty);

    /// <summary>
    /// What to check when GAM cannot be found where the configuration points: a 404, a host that does not answer, or an
    /// answer that is not GAM's (the most likely first-day mistake is an Authority without GAM's virtual directory).
    /// </summary>
    public const string ConfigurationHint = "check Authority, GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp, and EndpointProfile";

    /// <summary>A reason for an answered status, with a hint at the configuration for a 404.</summary>
    public string DescribeStatus() => Status == (int)HttpStatusCode.NotFound
        ? $"{Endpoint} answered HTTP 404 (not found): {ConfigurationHint}"
        : $"{Endpoint} answered HTTP {Status}";

    /// <summary>A reason for a success status whose body is not what GAM sends, saying what it looks like (an HTML page is usually a web server's, not GAM's).</summary>
    public string DescribeNotGam(string expected)
    {
        var media = ContentType?.MediaType;
        var what = Body.Length == 0 ? "an empty body" : string.IsNullOrEmpty(media) ? "a body" : $"a body of type {media}";
        return $"{Endpoint} answered HTTP {Status} with {what} that is not {expected}: {ConfigurationHint}";
    }
}
