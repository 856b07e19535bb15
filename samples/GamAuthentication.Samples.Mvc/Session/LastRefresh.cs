namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>What started a refresh of the access token.</summary>
public enum RefreshKind
{
    /// <summary><c>GamUserTokenManager.GetAccessTokenAsync</c> refreshed because the token was within <c>RefreshBeforeExpiry</c> of expiring.</summary>
    Automatic = 0,

    /// <summary>The user pressed "Refresh now" (<c>GamUserTokenManager.RenewAccessTokenAsync</c>).</summary>
    Manual = 1,
}

/// <summary>The last refresh this browser saw: when, why, and the old and new access tokens' fingerprints.</summary>
/// <param name="At">When the refresh happened (the app's clock).</param>
/// <param name="Kind">What started it.</param>
/// <param name="From">Fingerprint of the access token before.</param>
/// <param name="To">Fingerprint of the access token after.</param>
public sealed record LastRefresh(DateTimeOffset At, RefreshKind Kind, string From, string To);
