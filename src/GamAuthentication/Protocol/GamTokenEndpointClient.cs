using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GamAuthentication.Protocol;

/// <summary>The outcome of a call to a GAM token endpoint. Dispose it to release the JSON document.</summary>
internal sealed class GamTokenEndpointResult : IDisposable
{
    private GamTokenEndpointResult(JsonDocument? document, GamError? error, int? httpStatus, string reason, bool unavailable)
    {
        Document = document;
        Error = error;
        HttpStatus = httpStatus;
        Reason = reason;
        IsUnavailable = unavailable;
    }

    /// <summary>The token response, when the call succeeded.</summary>
    public JsonDocument? Document { get; }

    /// <summary>GAM's error, when it answered one.</summary>
    public GamError? Error { get; }

    public int? HttpStatus { get; }

    /// <summary>A description safe to log and show: never contains a token, code or secret.</summary>
    public string Reason { get; }

    /// <summary>True when GAM could not be reached, redirected, or answered something that is not a token response or a GAM error.</summary>
    public bool IsUnavailable { get; }

    public bool IsSuccess => Document is not null;

    /// <summary>HTTP 202 with code 400 or 410: a one-time password or second factor is needed.</summary>
    public bool IsSecondFactorRequired => HttpStatus == 202 && Error?.Code is "400" or "410";

    public static GamTokenEndpointResult Success(JsonDocument document, int status) => new(document, null, status, "ok", false);

    public static GamTokenEndpointResult Failed(GamError? error, int status, string endpoint) =>
        new(null, error, status, error is null ? $"{endpoint} answered HTTP {status}" : $"{endpoint} answered HTTP {status} with {error}", false);

    public static GamTokenEndpointResult Unavailable(string reason, int? status = null) => new(null, null, status, reason, true);

    public void Dispose() => Document?.Dispose();
}

/// <summary>Posts form requests to GAM token endpoints and classifies the answers.</summary>
internal static class GamTokenEndpointClient
{
    private const string EndpointName = "GAM's token endpoint";

    public static async Task<GamTokenEndpointResult> PostAsync(HttpClient client, Uri endpoint, IEnumerable<KeyValuePair<string, string>> form, int maxResponseBytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var answer = await GamExchange.SendAsync(client, request, maxResponseBytes, EndpointName, cancellationToken).ConfigureAwait(false);
        if (!answer.IsAnswered)
        {
            return GamTokenEndpointResult.Unavailable(answer.Failure!, answer.Status);
        }

        var status = answer.Status!.Value;
        JsonDocument? document;
        try
        {
            document = answer.Body.Length == 0 ? null : JsonDocument.Parse(answer.Body);
        }
        catch (JsonException)
        {
            document = null;
        }

        if (document is not null && GamError.TryRead(document.RootElement) is { } error)
        {
            document.Dispose();
            return GamTokenEndpointResult.Failed(error, status, answer.Endpoint);
        }

        if (status == (int)HttpStatusCode.OK && document is not null &&
            document.RootElement.ValueKind == JsonValueKind.Object &&
            document.RootElement.TryGetProperty("access_token", out var token) &&
            token.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(token.GetString()))
        {
            return GamTokenEndpointResult.Success(document, status);
        }

        document?.Dispose();
        if (status >= 500 || status is 429 or 404 || answer.IsSuccessStatus)
        {
            return GamTokenEndpointResult.Unavailable(
                answer.IsSuccessStatus ? $"{answer.Endpoint} answered something that is not a token response" : answer.DescribeStatus(),
                status);
        }

        return GamTokenEndpointResult.Failed(null, status, answer.Endpoint);
    }
}
