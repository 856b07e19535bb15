using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>An error in the OAuth 2.0 shape, <c>{"error","error_description"}</c>, with its HTTP status.</summary>
internal sealed record OAuthError(string Error, string Description, int StatusCode)
{
    // The userinfo answers of OneLogin's /oidc/2/me, word for word.
    public static OAuthError NoBearerToken { get; } = new("invalid_request", "no bearer token provided", 400);

    public static OAuthError BadAuthorizationHeader { get; } = new("invalid_request", "invalid authorization header value format", 400);

    public static OAuthError InvalidToken { get; } = new("invalid_token", "invalid token provided", 401);

    public static OAuthError ClientAuthenticationAmbiguous { get; } =
        new("invalid_request", "client credentials must be sent either in the Authorization header or in the form, not both", 400);

    public static OAuthError MalformedBasicCredentials { get; } = new("invalid_client", "the Basic Authorization header is not valid", 401);

    public static OAuthError NotAForm { get; } = new("invalid_request", "the request must be an application/x-www-form-urlencoded POST", 400);

    public static OAuthError UnsupportedGrantType { get; } =
        new("unsupported_grant_type", "grant_type must be authorization_code or refresh_token", 400);

    /// <summary>The OAuth error for a GAM error of the shared code and refresh logic; the description is GAM's message.</summary>
    public static OAuthError FromGam(GamError error) => error.Code switch
    {
        "905" or "913" or "920" or "921" => new("invalid_request", error.Message, 400),
        "901" or "902" => new("invalid_client", error.Message, 401),
        "904" => new("unsupported_grant_type", error.Message, 400),
        _ => new("invalid_grant", error.Message, 400),
    };
}
