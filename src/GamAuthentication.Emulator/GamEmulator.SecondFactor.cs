using System.Collections.Concurrent;
using System.Security.Cryptography;
using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator;

// First factors waiting for their one-time password.
public sealed partial class GamEmulator
{
    private readonly ConcurrentDictionary<string, PendingSecondFactor> _pendingSecondFactors = new(StringComparer.Ordinal);

    /// <summary>Records a validated first factor; returns the key to complete it with (a random ticket for the sign-in page, else the user/client pair).</summary>
    internal string StartSecondFactor(GamEmulatorUser user, string clientId, bool ticket)
    {
        var key = ticket ? RandomNumberGenerator.GetHexString(40, lowercase: true) : PendingKey(user, clientId);
        _pendingSecondFactors[key] = new PendingSecondFactor(user, clientId, UtcNow.AddSeconds(Options.SecondFactorWindowSeconds));
        return key;
    }

    /// <summary>Completes a second factor waiting under <paramref name="key"/> (a ticket, or the user/client pair of REST logins).</summary>
    internal GamError? CompleteSecondFactor(string key, GamEmulatorUser? expectedUser, string clientId, string oneTimePassword, out GamEmulatorUser? user)
    {
        user = null;
        if (!_pendingSecondFactors.TryGetValue(key, out var pending)
            || (expectedUser is not null && !ReferenceEquals(pending.User, expectedUser))
            || pending.ClientId != clientId
            || UtcNow >= pending.ExpiresAt)
        {
            return GamError.FirstFactorMissing;
        }

        if (string.IsNullOrEmpty(pending.User.OneTimePassword) || !PasswordMatches(oneTimePassword, pending.User.OneTimePassword))
        {
            return GamError.OneTimePasswordInvalid;
        }

        if (!_pendingSecondFactors.TryRemove(key, out _))
        {
            return GamError.FirstFactorMissing;
        }

        user = pending.User;
        return null;
    }

    internal static string PendingKey(GamEmulatorUser user, string clientId) => "rest:" + clientId + ":" + user.Guid;
}
