using GamAuthentication.Protocol;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tokens;

/// <summary>
/// The request log of an application's client that carries GAM tokens (<c>AddGamUserAccessToken()</c>,
/// <c>AddGamClientAccessToken()</c>), in place of <see cref="IHttpClientFactory"/>'s default one. The default logs the
/// request headers at Trace, and although its message shows <c>Authorization: *</c>, the record's state carries the
/// header's value: every structured log provider would store the token. This one logs what the default logs at
/// Information and Debug (method, address without its query, status, time) under the same category, and no header.
/// </summary>
internal sealed partial class GamDownstreamLogger(ILogger logger) : IHttpClientLogger
{
    /// <summary>The default client handler logger's category for the named client, so existing log filters keep applying.</summary>
    public static string Category(string clientName) => $"System.Net.Http.HttpClient.{clientName}.ClientHandler";

    public object? LogRequestStart(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Sending(logger, request.Method, Describe(request));
        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(response);
        Received(logger, elapsed.TotalMilliseconds, (int)response.StatusCode);
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(request);
        Failed(logger, request.Method, Describe(request), elapsed.TotalMilliseconds, exception);
    }

    private static string Describe(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? GamUrl.WithoutQuery(uri) : "(relative address)";

    [LoggerMessage(100, LogLevel.Information, "Sending HTTP request {HttpMethod} {Uri}")]
    private static partial void Sending(ILogger logger, HttpMethod httpMethod, string uri);

    [LoggerMessage(101, LogLevel.Information, "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}")]
    private static partial void Received(ILogger logger, double elapsedMilliseconds, int statusCode);

    [LoggerMessage(102, LogLevel.Debug, "HTTP request {HttpMethod} {Uri} failed after {ElapsedMilliseconds}ms")]
    private static partial void Failed(ILogger logger, HttpMethod httpMethod, string uri, double elapsedMilliseconds, Exception exception);
}
