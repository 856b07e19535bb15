namespace GamAuthentication.Bearer;

/// <summary>Why the GAM bearer handler did not authenticate a request, and so how it answers the challenge.</summary>
public enum GamBearerFailureKind
{
    /// <summary>No failure: no token (401 with a plain <c>WWW-Authenticate: Bearer realm="..."</c>), or a failure set by an event without a kind.</summary>
    None = 0,

    /// <summary>The request is malformed (empty token, two <c>Authorization</c> headers, bad characters, too long): 400 <c>invalid_request</c>. GAM was not called.</summary>
    InvalidRequest = 1,

    /// <summary>GAM rejected the token (or <c>OnTokenValidated</c> did): 401 <c>invalid_token</c>.</summary>
    InvalidToken = 2,

    /// <summary>GAM could not decide (unreachable, timed out, 5xx, 429, an answer that is not userinfo): 503 with <c>Retry-After</c>.</summary>
    Unavailable = 3,
}
