namespace GamAuthentication.Emulator.Internal;

/// <summary>A GAM error: code (string, as GAM sends it), message and HTTP status.</summary>
internal sealed record GamError(string Code, string Message, int StatusCode)
{
    // Documented GAM codes.
    public static GamError MissingAuthorization { get; } = new("0", "This service needs an Authorization Header", 401);
    public static GamError RepositoryNotFound { get; } = new("2", "Repository not found", 400);
    public static GamError AuthenticationTypeNotFound { get; } = new("3", "Authentication type not found", 400);
    public static GamError UserIdentificationNotValid { get; } = new("5", "User identification not valid", 401);
    public static GamError UserNotFound { get; } = new("7", "User not found", 401);
    public static GamError InvalidPassword { get; } = new("11", "Invalid password", 401);
    public static GamError UserNotActive { get; } = new("12", "User is not active", 401);
    public static GamError TokenNotFound { get; } = new("112", "Token not found, log in again.", 401);
    public static GamError InvalidToken { get; } = new("114", "Invalid token, log in again.", 401);
    public static GamError RemoteAuthenticationNotAllowed { get; } = new("230", "Remote authentication is not allowed in this application", 401);
    public static GamError SecondFactorRequired { get; } = new("410", "To enter app, the second authentication factor must be validated.", 202);
    public static GamError LogoutRedirectNotValid { get; } = new("621", "The redirect URL is not valid after single logout", 400);

    public static GamError TokenExpired(int statusCode) => new("103", "Token expired, log in again.", statusCode);

    // Emulator codes (no documented GAM number exists); listed in README.md.
    public static GamError RenewalsExhausted { get; } = new("105", "Maximum number of token renewals reached", 400);
    public static GamError ClientNotFound { get; } = new("901", "Application (client_id) not found", 401);
    public static GamError ClientSecretMissing { get; } = new("902", "client_secret is required for this application", 401);
    public static GamError ClientSecretInvalid { get; } = new("902", "Invalid client_secret", 401);
    public static GamError RedirectUriNotAllowed { get; } = new("903", "redirect_uri is not a valid callback URL of this application", 400);
    public static GamError UnsupportedGrantType { get; } = new("904", "Unsupported grant_type", 400);
    public static GamError UnsupportedResponseType { get; } = new("904", "Unsupported response_type: use response_type=code (or oauth=auth)", 400);
    public static GamError CodeInvalid { get; } = new("906", "Authorization code not valid or already used", 400);
    public static GamError CodeExpired { get; } = new("907", "Authorization code expired", 400);
    public static GamError CodeRedirectUriMismatch { get; } = new("908", "redirect_uri does not match the authorization request", 400);
    public static GamError PkceVerifierMissing { get; } = new("909", "code_verifier is required", 400);
    public static GamError PkceVerifierMismatch { get; } = new("909", "code_verifier does not match code_challenge", 400);
    public static GamError PkceRequired { get; } = new("910", "This application requires PKCE (code_challenge)", 400);
    public static GamError PkceMethodNotSupported { get; } = new("910", "code_challenge_method must be S256 or plain", 400);
    public static GamError RefreshTokenInvalid { get; } = new("911", "Refresh token not valid", 401);
    public static GamError RefreshTokenExpired { get; } = new("912", "Refresh token expired", 401);
    public static GamError InitialPropertiesInvalid { get; } = new("913", "initial_properties must be a JSON array of {\"Id\",\"Value\"} objects", 400);
    public static GamError ApiKeyNotEnabled { get; } = new("914", "API keys are not enabled for this application", 401);
    public static GamError ApiKeyInvalid { get; } = new("915", "API key not valid", 401);
    public static GamError ApiKeyExpired { get; } = new("916", "API key expired", 401);
    public static GamError CodeClientMismatch { get; } = new("917", "The authorization code was issued to another application", 400);
    public static GamError OneTimePasswordInvalid { get; } = new("918", "Invalid second authentication factor", 401);
    public static GamError FirstFactorMissing { get; } = new("919", "The first authentication factor was not validated or has expired", 401);
    public static GamError AdditionalParametersInvalid { get; } = new("920", "additional_parameters must be a JSON object", 400);
    public static GamError RequestTokenTypeInvalid { get; } = new("921", "request_token_type must be OAuth or Web", 400);

    public static GamError IdTokenHintInvalid { get; } = new("922", "id_token_hint is not an ID token signed by this emulator", 400);
    public static GamError IdTokenHintClientMismatch { get; } = new("923", "client_id is not the audience of id_token_hint", 400);

    public static GamError MissingParameter(string name) => new("905", $"Parameter '{name}' is required", 400);
}
