namespace GamAuthentication.Emulator;

/// <summary>A token issued by <see cref="GamEmulator.IssueToken"/>, as a token endpoint would answer it.</summary>
/// <param name="AccessToken">The opaque access token.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Lifetime in seconds; 0 = never expires.</param>
/// <param name="RefreshToken">The refresh token, or an empty string when renewals are not allowed.</param>
/// <param name="Scope">Granted scopes, <c>+</c>-joined.</param>
/// <param name="UserGuid">The user's GUID.</param>
public sealed record GamEmulatorTokenResponse(
    string AccessToken,
    string TokenType,
    long ExpiresIn,
    string RefreshToken,
    string Scope,
    string UserGuid);
