namespace GamAuthentication.Bearer;

/// <summary>Where the GAM bearer handler found the answer for a token.</summary>
public enum GamBearerTokenSource
{
    /// <summary>A userinfo call to GAM (possibly shared with other requests for the same token).</summary>
    UserInfo = 0,

    /// <summary>The in-process memory cache (L1).</summary>
    MemoryCache = 1,

    /// <summary>The distributed cache (L2).</summary>
    DistributedCache = 2,
}
