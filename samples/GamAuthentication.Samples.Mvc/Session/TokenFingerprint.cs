using GamAuthentication.Tokens;

namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>
/// A short, one-way name for a token so the page can show "the token changed" without showing the token:
/// <see cref="GamToken.Fingerprint"/>, the first 8 base64url characters of its SHA-256 hash (the same name the
/// library's log lines use).
/// </summary>
public static class TokenFingerprint
{
    /// <summary>How many characters a fingerprint has.</summary>
    public const int Length = 8;

    /// <summary>The fingerprint of <paramref name="token"/>.</summary>
    public static string Of(string token) => GamToken.Fingerprint(token);

    /// <summary>True when <paramref name="value"/> looks like a fingerprint (used to reject a tampered cookie).</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
