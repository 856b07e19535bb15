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
    private GamUserAccessToken(GamUserAccessTokenStatus status, string? accessToken, DateTimeOffset? expiresAt, string reason)
    {
        Status = status;
        AccessToken = accessToken;
        ExpiresAt = expiresAt;
        Reason = reason;
    }

    /// <summary>What was found.</summary>
    public GamUserAccessTokenStatus Status { get; }

    /// <summary>True when <see cref="AccessToken"/> is set.</summary>
    public bool IsSuccess => Status == GamUserAccessTokenStatus.Success;

    /// <summary>The access token, when <see cref="Status"/> is <see cref="GamUserAccessTokenStatus.Success"/>. Never log it.</summary>
    public string? AccessToken { get; }

    /// <summary>When the access token expires, when known.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>A description safe to log.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Reason}";

    internal static GamUserAccessToken Success(string accessToken, DateTimeOffset? expiresAt, string reason) =>
        new(GamUserAccessTokenStatus.Success, accessToken, expiresAt, reason);

    internal static GamUserAccessToken NotSignedIn(string reason) => new(GamUserAccessTokenStatus.NotSignedIn, null, null, reason);

    internal static GamUserAccessToken SignedOut(string reason) => new(GamUserAccessTokenStatus.SignedOut, null, null, reason);
}
