namespace GamAuthentication.Bearer;

/// <summary>
/// Learns of every revocation and eviction made through this instance's <see cref="GamBearerTokenCache"/> (sign-out
/// included), e.g. to pass it to the other instances of a web farm, which apply it with
/// <see cref="GamBearerTokenCache.ApplyAsync"/>. Register as a singleton. A listener that throws is logged; the
/// revocation still holds here.
/// </summary>
public interface IGamBearerCacheListener
{
    /// <summary>Called after the change was made here (in memory, and in the distributed cache when there is one).</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>A task.</returns>
    Task ChangedAsync(GamBearerCacheChange change, CancellationToken cancellationToken);
}
