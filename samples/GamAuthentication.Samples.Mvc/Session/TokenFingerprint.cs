using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>
/// A short, one-way name for a token so the page can show "the token changed" without showing the token:
/// the first 8 base64url characters of its SHA-256 hash (48 bits; enough to tell tokens apart on screen, far too
/// little to recover anything).
/// </summary>
public static class TokenFingerprint
{
    /// <summary>How many characters of the hash are shown.</summary>
    public const int Length = 8;

    /// <summary>The fingerprint of <paramref name="token"/>.</summary>
    public static string Of(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Base64Url.EncodeToString(hash)[..Length];
    }

    /// <summary>True when <paramref name="value"/> looks like a fingerprint (used to reject a tampered cookie).</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
