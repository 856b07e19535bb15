using System.Net;
using System.Text;

namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>
/// Sits between the bearer handler's backchannel and GAM: counts calls, can hold them at a gate, and can
/// answer instead of GAM (down, slow, 5xx, 429, garbage...).
/// </summary>
internal sealed class FaultInjectingHandler : DelegatingHandler
{
    private int _calls;
    private TaskCompletionSource _callStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FaultInjectingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>When set, answers instead of GAM.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Fault { get; set; }

    /// <summary>When set, every call waits for it before going on.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The cancellation token of the most recent call (to prove a shared call was not cancelled).</summary>
    public CancellationToken LastCallToken { get; private set; }

    /// <summary>Completes when the next call starts.</summary>
    public Task CallStarted => _callStarted.Task;

    public void ResetCallStarted() => _callStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond(HttpStatusCode status, string? body = null, string contentType = "application/json", Action<HttpResponseMessage>? headers = null) =>
        (_, _) =>
        {
            var response = new HttpResponseMessage(status)
            {
                Content = new ByteArrayContent(body is null ? [] : Encoding.UTF8.GetBytes(body)),
            };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            headers?.Invoke(response);
            return Task.FromResult(response);
        };

    /// <summary>Never answers: the call ends only when its cancellation token fires (the userinfo timeout).</summary>
    public static async Task<HttpResponseMessage> Hang(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        LastCallToken = cancellationToken;
        _callStarted.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Fault is { } fault)
        {
            return await fault(request, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
