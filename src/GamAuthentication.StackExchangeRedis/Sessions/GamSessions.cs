namespace GamAuthentication.StackExchangeRedis.Sessions;

/// <summary>
/// The server-side sessions of <c>AddGamRedis()</c> (<see cref="GamRedisOptions.ServerSideSessions"/>), e.g. for "sign
/// out everywhere". Registered as a singleton when server-side sessions are on.
/// </summary>
public sealed class GamSessions
{
    private readonly GamRedisTicketStore _store;

    internal GamSessions(GamRedisTicketStore store) => _store = store;

    /// <summary>
    /// Ends every server-side session of a GAM user, made on any instance: the next request with any of their cookies,
    /// on any instance, is not authenticated. Their tokens at GAM are not revoked (a GAM sign-out does that).
    /// </summary>
    /// <param name="userGuid">The user's GAM GUID (the <c>user_guid</c> GAM sends, claim <c>urn:gam:guid</c>).</param>
    /// <param name="cancellationToken">Cancels the removals.</param>
    /// <returns>How many sessions were ended.</returns>
    /// <exception cref="StackExchange.Redis.RedisException">Redis cannot be reached: nothing could be ended.</exception>
    public Task<int> EndAllAsync(string userGuid, CancellationToken cancellationToken = default) => _store.EndAllAsync(userGuid, cancellationToken);
}
