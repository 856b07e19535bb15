namespace GamAuthentication.Tokens;

/// <summary>
/// Shares the refresh of a signed-in user's refresh token with everything else that may refresh the same token at the
/// same moment. Within one process the library already makes one refresh per refresh token and keeps its result for a
/// few seconds; the default coordinator adds nothing to that. A web farm registers one (as a singleton) that also
/// coordinates with the other instances, e.g. with a distributed lock and a shared result, so that GAM, which rotates
/// refresh tokens, sees one refresh and no instance signs the user out because another used the token first.
/// </summary>
public interface IGamRefreshCoordinator
{
    /// <summary>
    /// Refreshes <paramref name="context"/>'s refresh token by calling <paramref name="refresh"/> at most once across
    /// everything this coordinator coordinates, or returns the result of a refresh of the same token made elsewhere.
    /// Must not throw for an unreachable coordination store: refresh directly then.
    /// </summary>
    /// <param name="context">Which scheme and refresh token.</param>
    /// <param name="refresh">The refresh grant at GAM.</param>
    /// <param name="cancellationToken">Cancels the coordination (the grant itself runs detached from any request).</param>
    /// <returns>What GAM said, here or elsewhere.</returns>
    Task<GamTokenResult> RefreshAsync(GamRefreshContext context, Func<CancellationToken, Task<GamTokenResult>> refresh, CancellationToken cancellationToken);
}
