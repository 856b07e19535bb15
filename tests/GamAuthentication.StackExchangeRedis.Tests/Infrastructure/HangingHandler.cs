namespace GamAuthentication.StackExchangeRedis.Tests.Infrastructure;

/// <summary>An instance's backchannel to GAM that can make its token requests hang, as an instance that dies mid-refresh.</summary>
internal sealed class HangingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HangTokenRequests { get; set; }

    /// <summary>Completes when a token request started hanging.</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends the hang with a failure (cleanup, once every instance is gone).</summary>
    public void Release() => _released.TrySetException(new HttpRequestException("the instance died"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (HangTokenRequests && request.RequestUri!.AbsolutePath.EndsWith("access_token", StringComparison.Ordinal))
        {
            // Deaf to cancellation, as a process that died is: its refresh never ends, so it never releases the lock.
            Hanging.TrySetResult();
            await _released.Task;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
