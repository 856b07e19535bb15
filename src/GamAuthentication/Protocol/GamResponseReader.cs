using System.Net.Http.Headers;

namespace GamAuthentication.Protocol;

/// <summary>Reads GAM response bodies with a size limit, so a hostile or broken server cannot exhaust memory.</summary>
internal static class GamResponseReader
{
    public static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
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

    /// <summary>
    /// A token that ends when the caller cancels or when <paramref name="client"/>'s <see cref="HttpClient.Timeout"/>
    /// has passed, for the whole call: HttpClient applies its timeout only until the headers arrive when the body is
    /// read as a stream (<see cref="HttpCompletionOption.ResponseHeadersRead"/>), so a server that stalls after its
    /// headers would otherwise hold the call until the caller gives up.
    /// </summary>
    public static CancellationTokenSource CreateTimeout(HttpClient client, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (client.Timeout != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(client.Timeout);
        }

        return source;
    }

    public static bool IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is null ||
        contentType.MediaType.Contains("json", StringComparison.OrdinalIgnoreCase) ||
        contentType.MediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Thrown when GAM answers with more bytes than allowed.</summary>
internal sealed class GamResponseTooLargeException(int maxBytes)
    : Exception($"The GAM response exceeded the limit of {maxBytes} bytes.");
