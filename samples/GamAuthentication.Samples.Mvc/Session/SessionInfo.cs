namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>What the session panel shows. Never holds a token, only fingerprints.</summary>
public sealed record SessionInfo
{
    /// <summary>The signed-in user's name.</summary>
    public required string? UserName { get; init; }

    /// <summary>The user's roles (GAM role External IDs).</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>True when the tokens could not be refreshed and the user was signed out during this request.</summary>
    public bool Ended { get; init; }

    /// <summary>Why the session ended (safe to show), when <see cref="Ended"/>.</summary>
    public string? EndReason { get; init; }

    /// <summary>Fingerprint of the current access token.</summary>
    public string? AccessTokenFingerprint { get; init; }

    /// <summary>When the access token expires; null when GAM said it never does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>From when on the next request refreshes the token (<c>RefreshBeforeExpiry</c> before expiry, at most half its lifetime).</summary>
    public DateTimeOffset? RefreshDueAt { get; init; }

    /// <summary>The access token's whole lifetime, when both its issue time and expiry are known (for the panel's meter).</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>Whether GAM issued a refresh token (GAM's <c>MaxTokenRenewals</c> is above zero and not used up).</summary>
    public bool HasRefreshToken { get; init; }

    /// <summary>The last refresh this browser saw.</summary>
    public LastRefresh? LastRefresh { get; init; }

    /// <summary>The app's clock when the panel was made (the countdown starts from here).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Seconds until the token expires, never negative; null when it never expires.</summary>
    public double? ExpiresInSeconds => ExpiresAt is { } at ? Math.Max(0, (at - Now).TotalSeconds) : null;

    /// <summary>Seconds until the refresh is due, never negative; null without a refresh token or expiry.</summary>
    public double? RefreshInSeconds => RefreshDueAt is { } at ? Math.Max(0, (at - Now).TotalSeconds) : null;
}
