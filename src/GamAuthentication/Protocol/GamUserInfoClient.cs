using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GamAuthentication.Protocol;

/// <summary>What GAM's userinfo endpoint said about a token.</summary>
internal enum GamUserInfoStatus
{
    /// <summary>The token is good; <see cref="GamUserInfoResult.Document"/> holds the userinfo object.</summary>
    Success,

    /// <summary>GAM rejected the token (401/403, or an error body such as 103, 112, 114).</summary>
    Rejected,

    /// <summary>GAM could not decide: unreachable, timed out, 5xx, 429, or an answer that is not userinfo.</summary>
    Unavailable,
}

/// <summary>The outcome of one userinfo call. Dispose it to release the JSON document.</summary>
internal sealed class GamUserInfoResult : IDisposable
{
    private GamUserInfoResult(GamUserInfoStatus status, JsonDocument? document, GamError? error, int? httpStatus, string reason, TimeSpan? retryAfter, Exception? exception)
    {
        Status = status;
        Document = document;
        Error = error;
        HttpStatus = httpStatus;
        Reason = reason;
        RetryAfter = retryAfter;
        Exception = exception;
    }

    public GamUserInfoStatus Status { get; }

    public JsonDocument? Document { get; }

    public GamError? Error { get; }

    public int? HttpStatus { get; }

    /// <summary>A description safe to log and show: never contains the token.</summary>
    public string Reason { get; }

    public TimeSpan? RetryAfter { get; }

    public Exception? Exception { get; }

    public static GamUserInfoResult Success(JsonDocument document, int status) =>
        new(GamUserInfoStatus.Success, document, null, status, "ok", null, null);

    public static GamUserInfoResult Rejected(GamError? error, int status) =>
        new(GamUserInfoStatus.Rejected, null, error, status,
            error is null ? $"GAM rejected the token (HTTP {status})" : $"GAM rejected the token (HTTP {status}, {error})", null, null);

    public static GamUserInfoResult Unavailable(string reason, int? status = null, TimeSpan? retryAfter = null, Exception? exception = null) =>
        new(GamUserInfoStatus.Unavailable, null, null, status, reason, retryAfter, exception);

    public void Dispose() => Document?.Dispose();
}

/// <summary>Calls GAM's userinfo endpoint and classifies the answer. Shared by the sign-in and bearer handlers.</summary>
internal static class GamUserInfoClient
{
    private static readonly string[] IdentifierKeys = ["guid", "sub", "external_id", "username", "preferred_username", "email"];

    public static HttpRequestMessage CreateRequest(Uri endpoint, string accessToken, GamTokenStyle style)
    {
        var request = new HttpRequestMessage(style == GamTokenStyle.FormPost ? HttpMethod.Post : HttpMethod.Get, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        switch (style)
        {
            case GamTokenStyle.Raw:
                request.Headers.TryAddWithoutValidation("Authorization", accessToken);
                break;
            case GamTokenStyle.OAuth:
                request.Headers.TryAddWithoutValidation("Authorization", "OAuth " + accessToken);
                request.Headers.TryAddWithoutValidation("GeneXus-Agent", "SmartDevice Application");
                break;
            case GamTokenStyle.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                break;
            case GamTokenStyle.FormPost:
                request.Headers.TryAddWithoutValidation("GeneXus-Agent", "SmartDevice Application");
                request.Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("access_token", accessToken)]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(style), style, "Unknown token style.");
        }

        return request;
    }

    /// <summary>
    /// Calls userinfo. Never throws for GAM's behaviour (only when <paramref name="cancellationToken"/> is cancelled).
    /// </summary>
    public static async Task<GamUserInfoResult> GetAsync(HttpClient client, Uri endpoint, string accessToken, GamTokenStyle style, int maxResponseBytes, CancellationToken cancellationToken)
    {
        using var timeout = GamResponseReader.CreateTimeout(client, cancellationToken);
        HttpResponseMessage response;
        using var request = CreateRequest(endpoint, accessToken, style);
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return GamUserInfoResult.Unavailable("the userinfo call timed out", exception: ex);
        }
        catch (HttpRequestException ex)
        {
            return GamUserInfoResult.Unavailable($"GAM could not be reached ({ex.HttpRequestError})", exception: ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            byte[] body;
            try
            {
                body = await GamResponseReader.ReadBoundedAsync(response.Content, maxResponseBytes, timeout.Token).ConfigureAwait(false);
            }
            catch (GamResponseTooLargeException ex)
            {
                return GamUserInfoResult.Unavailable($"the userinfo response exceeded {maxResponseBytes} bytes", status, exception: ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return GamUserInfoResult.Unavailable("the userinfo response timed out", status, exception: ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return GamUserInfoResult.Unavailable("the userinfo response was cut off", status, exception: ex);
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return GamUserInfoResult.Rejected(GamError.TryRead(body), status);
            }

            if (response.StatusCode == HttpStatusCode.BadRequest && GamError.TryRead(body) is { } badRequest)
            {
                return GamUserInfoResult.Rejected(badRequest, status);
            }

            if (!response.IsSuccessStatusCode)
            {
                return GamUserInfoResult.Unavailable($"GAM answered HTTP {status}", status, RetryAfter(response));
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                return GamUserInfoResult.Unavailable(body.Length == 0 ? "the userinfo response was empty" : "the userinfo response is not JSON", status, exception: ex);
            }

            var root = document.RootElement;
            if (GamError.TryRead(root) is { } error)
            {
                document.Dispose();
                return GamUserInfoResult.Rejected(error, status);
            }

            if (root.ValueKind != JsonValueKind.Object || !HasIdentifier(root))
            {
                document.Dispose();
                return GamUserInfoResult.Unavailable("the userinfo response is not a user object (no guid, sub, external_id, username or email)", status);
            }

            return GamUserInfoResult.Success(document, status);
        }
    }

    private static bool HasIdentifier(JsonElement root)
    {
        foreach (var key in IdentifierKeys)
        {
            if (Claims.GamJson.TryGetScalar(root, key, out _, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        // Only the delta form: the date form would need GAM's clock to agree with ours.
        return response.Headers.RetryAfter?.Delta;
    }
}
