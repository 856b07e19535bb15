namespace GamAuthentication.Tokens;

/// <summary>The default <see cref="IGamRefreshCoordinator"/>: nothing beyond the per-process sharing the library already does.</summary>
internal sealed class GamLocalRefreshCoordinator : IGamRefreshCoordinator
{
    public Task<GamTokenResult> RefreshAsync(GamRefreshContext context, Func<CancellationToken, Task<GamTokenResult>> refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        return refresh(cancellationToken);
    }
}
