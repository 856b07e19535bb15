using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace GamAuthentication.Testing;

/// <summary>One request seen by <see cref="RecordingHttpHandler"/>, with its body already read.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, HttpRequestHeaders Headers, string? ContentType, string Body)
{
    /// <summary>The raw value of the <c>Authorization</c> header, or null.</summary>
    public string? Authorization => Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : null;

    /// <summary>The body parsed as <c>application/x-www-form-urlencoded</c>.</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Body.Length == 0 ? string.Empty : "?" + Body)
            .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
}

/// <summary>
/// A handler that records every request (method, URI, headers, body) and then either answers it itself, through
/// <see cref="Respond"/>, or passes it on to its inner handler. Use it as the primary handler of a named
/// <see cref="IHttpClientFactory"/> client to see what a component sends, or to inject faults for some requests
/// while the rest reach a real (in-process) server.
/// </summary>
public sealed class RecordingHttpHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Func<HttpMessageHandler>? _innerFactory;
    private readonly object _gate = new();
    private bool _innerReady;

    /// <summary>Creates a handler that only answers through <see cref="Respond"/> (no inner handler).</summary>
    public RecordingHttpHandler()
    {
    }

    /// <summary>Creates a handler that forwards to <paramref name="innerFactory"/>'s handler, created on first use
    /// (so a TestServer's handler can be asked for after the server has started).</summary>
    public RecordingHttpHandler(Func<HttpMessageHandler> innerFactory) => _innerFactory = innerFactory;

    /// <summary>
    /// Answers a request instead of the inner handler: return a response (or a task that never completes, to
    /// simulate a server that never answers), or null to pass the request on.
    /// </summary>
    public Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>?>? Respond { get; set; }

    /// <summary>Called for each request before it is answered or passed on (e.g. to move a test clock).</summary>
    public Action<RecordedRequest>? OnRequest { get; set; }

    /// <summary>The requests seen so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Answers requests whose path ends with <paramref name="pathSuffix"/> with <paramref name="create"/>'s response.</summary>
    public RecordingHttpHandler RespondTo(string pathSuffix, Func<RecordedRequest, HttpResponseMessage> create)
    {
        var previous = Respond;
        Respond = (request, ct) => request.Uri.AbsolutePath.EndsWith(pathSuffix, StringComparison.Ordinal)
            ? Task.FromResult(create(request))
            : previous?.Invoke(request, ct);
        return this;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers, request.Content?.Headers.ContentType?.MediaType, body);
        _requests.Enqueue(recorded);
        OnRequest?.Invoke(recorded);

        if (Respond?.Invoke(recorded, cancellationToken) is { } answer)
        {
            var response = await answer.ConfigureAwait(false);
            response.RequestMessage ??= request;
            return response;
        }

        EnsureInner();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void EnsureInner()
    {
        if (_innerReady)
        {
            return;
        }

        lock (_gate)
        {
            if (!_innerReady)
            {
                if (InnerHandler is null)
                {
                    InnerHandler = _innerFactory?.Invoke()
                        ?? throw new InvalidOperationException($"No response was configured for this request and {nameof(RecordingHttpHandler)} has no inner handler.");
                }

                _innerReady = true;
            }
        }
    }

    /// <summary>A JSON response with the given status.</summary>
    public static HttpResponseMessage Json(System.Net.HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
}
