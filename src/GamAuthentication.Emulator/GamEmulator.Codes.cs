using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator;

// Authorization codes: issued by the sign-in page, redeemed once at a token endpoint (with PKCE when the request had it).
public sealed partial class GamEmulator
{
    private readonly ConcurrentDictionary<string, AuthorizationCodeEntry> _codes = new(StringComparer.Ordinal);

    internal string CreateCode(GamEmulatorClient client, string redirectUri, GamEmulatorUser user, ScopeGrant grant, string? challenge, string? method, string? nonce = null)
    {
        var code = RandomNumberGenerator.GetHexString(70, lowercase: true);
        var now = UtcNow;
        _codes[code] = new AuthorizationCodeEntry(client, redirectUri, user, grant, challenge, method, now.AddSeconds(Options.AuthorizationCodeLifetimeSeconds), now, nonce);
        LogCodeIssued(_logger, user.UserName, client.ClientId);
        return code;
    }

    /// <summary>The <c>authorization_code</c> grant.</summary>
    internal GamError? RedeemCode(GamEmulatorClient client, string code, string clientSecret, string redirectUri, string codeVerifier, out TokenIssue? issue)
    {
        issue = null;
        if (string.IsNullOrEmpty(code))
        {
            return GamError.MissingParameter("code");
        }

        if (!_codes.TryGetValue(code, out var entry))
        {
            return GamError.CodeInvalid;
        }

        if (entry.Client.ClientId != client.ClientId)
        {
            return GamError.CodeClientMismatch;
        }

        if (CheckClientSecret(client, clientSecret, entry.CodeChallenge is not null) is { } secretError)
        {
            return secretError;
        }

        // Single use: the first redemption owns the code. A replay (even a concurrent one) fails and ends
        // the login the code produced: the code may have leaked (RFC 6749 §4.1.2).
        if (!entry.TryRedeem())
        {
            entry.Replayed();
            LogCodeReplayed(_logger, entry.User.UserName, client.ClientId);
            return GamError.CodeInvalid;
        }

        if (UtcNow >= entry.ExpiresAt)
        {
            return GamError.CodeExpired;
        }

        if (!string.Equals(entry.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return GamError.CodeRedirectUriMismatch;
        }

        if (entry.CodeChallenge is not null)
        {
            if (string.IsNullOrEmpty(codeVerifier))
            {
                return GamError.PkceVerifierMissing;
            }

            if (!PkceMatches(entry.CodeChallenge, entry.CodeChallengeMethod, codeVerifier))
            {
                return GamError.PkceVerifierMismatch;
            }
        }

        if (!entry.User.IsActive)
        {
            return GamError.UserNotActive;
        }

        issue = IssueLogin(entry.User, client, entry.Grant, [], entry.CodeChallenge is not null, neverExpires: false, entry.AuthenticatedAt, entry.Nonce);
        entry.Issued(issue.Session);
        return null;
    }

    private static bool PkceMatches(string challenge, string? method, string verifier)
    {
        var expected = string.Equals(method, "S256", StringComparison.OrdinalIgnoreCase)
            ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }
}
