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

    /// <summary>True when GAM could not be reached or answered something that is not a token response or a GAM error.</summary>
    public bool IsUnavailable { get; }

    public bool IsSuccess => Document is not null;

    /// <summary>HTTP 202 with code 400 or 410: a one-time password or second factor is needed.</summary>
    public bool IsSecondFactorRequired => HttpStatus == 202 && Error?.Code is "400" or "410";

    public static GamTokenEndpointResult Success(JsonDocument document, int status) => new(document, null, status, "ok", false);

    public static GamTokenEndpointResult Failed(GamError? error, int status) =>
        new(null, error, status, error is null ? $"the GAM token endpoint answered HTTP {status}" : $"the GAM token endpoint answered HTTP {status} with {error}", false);

    public static GamTokenEndpointResult Unavailable(string reason, int? status = null) => new(null, null, status, reason, true);

    public void Dispose() => Document?.Dispose();
}

/// <summary>Posts form requests to GAM token endpoints and classifies the answers.</summary>
internal static class GamTokenEndpointClient
{
    public static async Task<GamTokenEndpointResult> PostAsync(HttpClient client, Uri endpoint, IEnumerable<KeyValuePair<string, string>> form, int maxResponseBytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var timeout = GamResponseReader.CreateTimeout(client, cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return GamTokenEndpointResult.Unavailable("the GAM token endpoint timed out");
        }
        catch (HttpRequestException ex)
        {
            return GamTokenEndpointResult.Unavailable($"the GAM token endpoint could not be reached ({ex.HttpRequestError})");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            byte[] body;
            try
            {
                body = await GamResponseReader.ReadBoundedAsync(response.Content, maxResponseBytes, timeout.Token).ConfigureAwait(false);
            }
            catch (GamResponseTooLargeException)
            {
                return GamTokenEndpointResult.Unavailable($"the GAM token response exceeded {maxResponseBytes} bytes", status);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return GamTokenEndpointResult.Unavailable("the GAM token response timed out", status);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return GamTokenEndpointResult.Unavailable("the GAM token response was cut off", status);
            }

            JsonDocument? document = null;
            try
            {
                document = body.Length == 0 ? null : JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                document = null;
            }

            if (document is not null && GamError.TryRead(document.RootElement) is { } error)
            {
                document.Dispose();
                return GamTokenEndpointResult.Failed(error, status);
            }

            if (response.StatusCode == HttpStatusCode.OK && document is not null &&
                document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("access_token", out var token) &&
                token.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(token.GetString()))
            {
                return GamTokenEndpointResult.Success(document, status);
            }

            document?.Dispose();
            if (status >= 500 || status == 429 || response.IsSuccessStatusCode)
            {
                return GamTokenEndpointResult.Unavailable(
                    response.IsSuccessStatusCode ? "the GAM token endpoint answered something that is not a token response" : $"the GAM token endpoint answered HTTP {status}",
                    status);
            }

            return GamTokenEndpointResult.Failed(null, status);
        }
    }
}
