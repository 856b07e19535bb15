namespace GamAuthentication.Diagnostics;

/// <summary>
/// Names of the spans (activities) the library starts on the <see cref="System.Diagnostics.ActivitySource"/> named
/// <see cref="GamMetrics.ActivitySourceName"/>. Each carries <see cref="GamMetrics.SchemeTag"/> (except
/// <see cref="Exchange"/>, a child of one that does) and <see cref="GamMetrics.OutcomeTag"/>, has the error status
/// when its outcome is neither <c>success</c> nor <c>second_factor_required</c>, and never carries a token or secret.
/// </summary>
public static class GamSpans
{
    /// <summary>One HTTP exchange with GAM (any endpoint), tagged with <see cref="EndpointTag"/>, <c>url.full</c> (without query) and <c>http.response.status_code</c>.</summary>
    public const string Exchange = "gam.exchange";

    /// <summary>The sign-in's authorization-code exchange at the token endpoint.</summary>
    public const string CodeExchange = "gam.signin.code_exchange";

    /// <summary>The sign-in's userinfo call, whose answer becomes the user's claims.</summary>
    public const string SignInUserInfo = "gam.signin.userinfo";

    /// <summary>A userinfo call for a bearer token found in no cache.</summary>
    public const string BearerUserInfo = "gam.bearer.userinfo";

    /// <summary>A request to a token endpoint by a token client (service tokens, password and API-key grants), tagged with <see cref="GamMetrics.GrantTag"/>.</summary>
    public const string TokenRequest = "gam.token.request";

    /// <summary>The refresh of a signed-in user's tokens.</summary>
    public const string Refresh = "gam.token.refresh";

    /// <summary>A sign-out; its outcome is <c>provider</c> (the browser goes to GAM's sign-out) or <c>local</c>.</summary>
    public const string SignOut = "gam.signout";

    /// <summary>Tag of <see cref="Exchange"/>: which endpoint, e.g. <c>GAM's token endpoint</c>.</summary>
    public const string EndpointTag = "gam.endpoint";
}
