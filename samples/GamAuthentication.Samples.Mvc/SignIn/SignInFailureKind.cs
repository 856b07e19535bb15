namespace GamAuthentication.Samples.Mvc.SignIn;

/// <summary>Why a sign-in came back without a user, in the words the error page uses.</summary>
public enum SignInFailureKind
{
    /// <summary>Anything else: the sign-in could not be completed.</summary>
    Failed = 0,

    /// <summary>
    /// The callback does not belong to a sign-in this browser started: forged or missing state, a replayed callback
    /// (the correlation cookie is gone after the first use), a sign-in that took too long, or another browser.
    /// </summary>
    InvalidCallback = 1,

    /// <summary>The user (or GAM) declined: <c>error=access_denied</c>.</summary>
    Denied = 2,

    /// <summary>GAM answered with an error, e.g. the authorization code was not valid (GAM names a code).</summary>
    GamRefused = 3,
}
