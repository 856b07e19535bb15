using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GamAuthentication.Tokens;

namespace GamAuthentication.Protocol;

/// <summary>Posts a <see cref="GamTokenForm"/> to a GAM token endpoint and classifies the answer as a <see cref="GamTokenResult"/>.</summary>
internal static class GamTokenEndpointClient
{
    private const string EndpointName = "GAM's token endpoint";

    /// <summary>
    /// Sends the grant. Never throws for GAM's behaviour, only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="client">The backchannel.</param>
    /// <param name="time">The clock: of the call's timeout, and of the token's lifetime, which starts when it is asked for.</param>
    /// <param name="endpoint">The token endpoint.</param>
    /// <param name="form">The grant.</param>
    /// <param name="maxResponseBytes">The largest answer accepted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="keepResponse">When set, receives the parsed token response of a success and owns it (the code
    /// exchange hands it to the framework as it is, without parsing it again).</param>
    public static async Task<GamTokenResult> PostAsync(
        HttpClient client,
        TimeProvider time,
        Uri endpoint,
        GamTokenForm form,
        int maxResponseBytes,
        CancellationToken cancellationToken,
        Action<JsonDocument>? keepResponse = null)
    {
        var requestedAt = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = form.ToContent() };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var answer = await GamExchange.SendAsync(client, time, request, maxResponseBytes, EndpointName, cancellationToken).ConfigureAwait(false);
        if (!answer.IsAnswered)
        {
            return GamTokenResult.Unavailable(answer.Failure!, answer.Status);
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

        var kept = false;
        try
        {
            if (document is not null && GamError.TryRead(document.RootElement) is { } error)
            {
                return status == (int)HttpStatusCode.Accepted && error.Code is "400" or "410"
                    ? GamTokenResult.SecondFactorRequired(error, status)
                    : GamTokenResult.Refused(error, status, $"{answer.Endpoint} answered HTTP {status} with {error}");
            }

            if (status == (int)HttpStatusCode.OK && document is not null && GamToken.FromResponse(document.RootElement, requestedAt) is { } token)
            {
                if (keepResponse is not null)
                {
                    keepResponse(document);
                    kept = true;
                }

                return GamTokenResult.Success(token, status);
            }
        }
        finally
        {
            if (!kept)
            {
                document?.Dispose();
            }
        }

        if (status >= 500 || status is 429 or 404 || answer.IsSuccessStatus)
        {
            return GamTokenResult.Unavailable(
                answer.IsSuccessStatus ? answer.DescribeNotGam("a token response") : answer.DescribeStatus(),
                status);
        }

        return GamTokenResult.Refused(null, status, $"{answer.Endpoint} answered HTTP {status}");
    }
}
