using System.Net;

namespace GamAuthentication.Tokens;

/// <summary>How outgoing calls present a GAM token, and how a downstream API's rejection of it is recognised.</summary>
internal static class GamDownstream
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// True when the downstream API rejected the token: HTTP 401, or HTTP 403 carrying GAM code 103 (token expired,
    /// which the .NET GeneXus runtime answers with 403) in the body or in <c>WWW-Authenticate</c>.
    /// </summary>
    public static async Task<bool> IsTokenRejectedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (challenge.Parameter?.Contains("error_code=\"" + GamError.TokenExpired + "\"", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        if (response.Content.Headers.ContentLength is > MaxErrorBodyBytes)
        {
            return false;
        }

        try
        {
            // Buffered, so the caller can still read the body when no retry happens.
            await response.Content.LoadIntoBufferAsync(MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return GamError.TryRead(body)?.Code == GamError.TokenExpired;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A request can be sent again when its body (if any) can be produced again; a one-shot stream cannot.</summary>
    public static bool CanResend(HttpRequestMessage request) => request.Content is null or not StreamContent;
}
