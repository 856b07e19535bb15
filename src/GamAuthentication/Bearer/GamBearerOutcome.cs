namespace GamAuthentication.Bearer;

/// <summary>
/// The answer for one token from the shared (cache or userinfo) path: a cache entry (valid or rejected), or
/// "GAM unavailable", which is never cached. Immutable: the same instance fans out to every waiting request.
/// </summary>
internal sealed class GamBearerOutcome
{
    private GamBearerOutcome(GamBearerCacheEntry? entry, GamBearerTokenSource source, string? reason, TimeSpan? retryAfter, int? httpStatus)
    {
        Entry = entry;
        Source = source;
        Reason = reason;
        RetryAfter = retryAfter;
        HttpStatus = httpStatus;
    }

    /// <summary>The answer, or null when GAM was unavailable.</summary>
    public GamBearerCacheEntry? Entry { get; }

    public GamBearerTokenSource Source { get; }

    /// <summary>Why GAM was unavailable (safe to log: never the token).</summary>
    public string? Reason { get; }

    /// <summary>GAM's own <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    public int? HttpStatus { get; }

    public static GamBearerOutcome From(GamBearerCacheEntry entry, GamBearerTokenSource source) => new(entry, source, null, null, null);

    public static GamBearerOutcome Unavailable(string reason, TimeSpan? retryAfter, int? httpStatus) =>
        new(null, GamBearerTokenSource.UserInfo, reason, retryAfter, httpStatus);
}
