using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GamAuthentication.Protocol;

/// <summary>What GAM's userinfo endpoint said about a token.</summary>
internal enum GamUserInfoStatus
{
    /// <summary>The token is good; <see cref="GamUserInfoResult.Document"/> holds the userinfo object.</summary>
    Success,

    /// <summary>
    /// GAM rejected the token: 401/403, an error body such as 103, 112, 114 or <c>invalid_token</c>, or a user object
    /// without any user identifier (e.g. OneLogin's <c>{}</c> for a token granted no scope).
    /// </summary>
    Rejected,

    /// <summary>GAM could not decide: unreachable, timed out, redirected, 5xx, 404, 429, or an answer that is not userinfo.</summary>
    Unavailable,

    /// <summary>
    /// GAM said our request was malformed (HTTP 400 <c>invalid_request</c>): the token was presented in a way this
    /// identity provider does not understand. Not the token's fault, so never cached as a rejection.
    /// </summary>
    Misconfigured,
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

    /// <summary>True when the token was rejected because the answer named no user (not because of an error GAM sent).</summary>
    public bool IsWithoutUser => Status == GamUserInfoStatus.Rejected && Error is null && HttpStatus is >= 200 and < 300;

    public static GamUserInfoResult Success(JsonDocument document, int status) =>
        new(GamUserInfoStatus.Success, document, null, status, "ok", null, null);

    public static GamUserInfoResult Rejected(GamError? error, int status) =>
        new(GamUserInfoStatus.Rejected, null, error, status,
            error is null ? $"GAM rejected the token (HTTP {status})" : $"GAM rejected the token (HTTP {status}, {error})", null, null);

    public static GamUserInfoResult WithoutUser(int status, string endpoint) =>
        new(GamUserInfoStatus.Rejected, null, null, status,
            $"{endpoint} answered a user object without any user identifier (no guid, sub, external_id, username or email): the token grants no user information, e.g. it was issued without scopes",
            null, null);

    public static GamUserInfoResult Unavailable(string reason, int? status = null, TimeSpan? retryAfter = null, Exception? exception = null) =>
        new(GamUserInfoStatus.Unavailable, null, null, status, reason, retryAfter, exception);

    public static GamUserInfoResult Misconfigured(GamError error, int status, string endpoint, GamTokenStyle style) =>
        new(GamUserInfoStatus.Misconfigured, null, error, status,
            $"{endpoint} answered HTTP {status} {error.Code}{(string.IsNullOrEmpty(error.Message) ? string.Empty : " (" + error.Message + ")")}: " +
            $"it did not understand how the token was sent (UserInformationTokenStyle {style}). Check UserInformationTokenStyle and EndpointProfile for this identity provider",
            null, null);

    public void Dispose() => Document?.Dispose();
}

/// <summary>Calls GAM's userinfo endpoint and classifies the answer. Shared by the sign-in and bearer handlers.</summary>
internal static class GamUserInfoClient
{
    private const string EndpointName = "GAM's userinfo endpoint";
    private static readonly string[] IdentifierKeys = ["guid", "sub", "external_id", "username", "preferred_username", "email"];

    public static HttpRequestMessage CreateRequest(Uri endpoint, string accessToken, GamTokenStyle style)
    {
        var request = new HttpRequestMessage(style == GamTokenStyle.FormPost ? HttpMethod.Post : HttpMethod.Get, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        GamTokenStyles.Apply(request, accessToken, style);
        return request;
    }

    /// <summary>
    /// Calls userinfo. Never throws for GAM's behaviour (only when <paramref name="cancellationToken"/> is cancelled).
    /// </summary>
    public static async Task<GamUserInfoResult> GetAsync(HttpClient client, TimeProvider time, Uri endpoint, string accessToken, GamTokenStyle style, int maxResponseBytes, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(endpoint, accessToken, style);
        var answer = await GamExchange.SendAsync(client, time, request, maxResponseBytes, EndpointName, cancellationToken).ConfigureAwait(false);
        if (!answer.IsAnswered)
        {
            return GamUserInfoResult.Unavailable(answer.Failure!, answer.Status, exception: answer.Exception);
        }

        var status = answer.Status!.Value;
        var body = answer.Body;
        if (status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden)
        {
            return GamUserInfoResult.Rejected(GamError.TryRead(body), status);
        }

        if (status == (int)HttpStatusCode.BadRequest && GamError.TryRead(body) is { } badRequest)
        {
            return badRequest.IsInvalidRequest
                ? GamUserInfoResult.Misconfigured(badRequest, status, answer.Endpoint, style)
                : GamUserInfoResult.Rejected(badRequest, status);
        }

        if (!answer.IsSuccessStatus)
        {
            return GamUserInfoResult.Unavailable(answer.DescribeStatus(), status, answer.RetryAfter);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return GamUserInfoResult.Unavailable(answer.DescribeNotGam("JSON"), status, exception: ex);
        }

        var root = document.RootElement;
        if (GamError.TryRead(root) is { } error)
        {
            document.Dispose();
            return error.IsInvalidRequest
                ? GamUserInfoResult.Misconfigured(error, status, answer.Endpoint, style)
                : GamUserInfoResult.Rejected(error, status);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return GamUserInfoResult.Unavailable($"the answer of {answer.Endpoint} is JSON but not a user object", status);
        }

        if (!HasIdentifier(root))
        {
            document.Dispose();
            return GamUserInfoResult.WithoutUser(status, answer.Endpoint);
        }

        return GamUserInfoResult.Success(document, status);
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
}
