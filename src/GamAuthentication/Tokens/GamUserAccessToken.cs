namespace GamAuthentication.Tokens;

/// <summary>What <see cref="GamUserTokenManager"/> found for the current user.</summary>
public enum GamUserAccessTokenStatus
{
    /// <summary>An access token to send: <see cref="GamUserAccessToken.AccessToken"/>.</summary>
    Success = 0,

    /// <summary>No signed-in user, or the sign-in saved no access token (<c>SaveTokens</c> off).</summary>
    NotSignedIn = 1,

    /// <summary>
    /// The token expired or was rejected and could not be refreshed (no refresh token, renewals exhausted, refresh
    /// refused by GAM): the user has been signed out locally and must sign in again.
    /// </summary>
    SignedOut = 2,
}

/// <summary>The signed-in user's access token, or why there is none. <see cref="ToString"/> never shows the token.</summary>
public sealed class GamUserAccessToken
{
    private GamUserAccessToken(GamUserAccessTokenStatus status, GamToken? token, DateTimeOffset? refreshAt, bool refreshed, string reason)
    {
        Status = status;
        AccessToken = token?.AccessToken;
        ExpiresAt = token?.ExpiresAt;
        HasRefreshToken = token?.RefreshToken is not null;
        RefreshAt = refreshAt;
        IsRefreshed = refreshed;
        Reason = reason;
    }

    /// <summary>What was found.</summary>
    public GamUserAccessTokenStatus Status { get; }

    /// <summary>True when <see cref="AccessToken"/> is set.</summary>
    public bool IsSuccess => Status == GamUserAccessTokenStatus.Success;

    /// <summary>The access token, when <see cref="Status"/> is <see cref="GamUserAccessTokenStatus.Success"/>. Never log it (<see cref="GamToken.Fingerprint"/> can be).</summary>
    public string? AccessToken { get; }

    /// <summary>When the access token expires, when known (null also for tokens that never expire).</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>
    /// From when on the manager refreshes the token: <see cref="GamUserAccessTokenOptions.RefreshBeforeExpiry"/> before
    /// <see cref="ExpiresAt"/>, but never more than half the token's lifetime ahead. Null when it never expires.
    /// </summary>
    public DateTimeOffset? RefreshAt { get; }

    /// <summary>True when GAM issued a refresh token, so the access token can be renewed without the user.</summary>
    public bool HasRefreshToken { get; }

    /// <summary>True when this call refreshed the token (or got the result of a refresh another request made moments ago).</summary>
    public bool IsRefreshed { get; }

    /// <summary>A description safe to log.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Reason}";

    internal static GamUserAccessToken Success(GamToken token, DateTimeOffset? refreshAt, string reason, bool refreshed = false) =>
        new(GamUserAccessTokenStatus.Success, token, refreshAt, refreshed, reason);

    internal static GamUserAccessToken NotSignedIn(string reason) => new(GamUserAccessTokenStatus.NotSignedIn, null, null, false, reason);

    internal static GamUserAccessToken SignedOut(string reason) => new(GamUserAccessTokenStatus.SignedOut, null, null, false, reason);
}
