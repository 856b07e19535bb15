using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace GamAuthentication.Tokens;

/// <summary>SHA-256 of a token, for cache keys and log lines: the raw token is never used for either.</summary>
internal static class GamTokenHash
{
    public static string Of(string token) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The first 8 characters of the hash: enough to correlate log lines, useless to an attacker.</summary>
    public static string ShortOf(string token) => Of(token)[..8];
}
