using System.Security.Cryptography;

namespace GamAuthentication.Bearer;

/// <summary>
/// <see cref="GamBearerOptions.ProtectDistributedCache"/> off: payloads are stored readable (no encryption, so claims
/// are visible to whoever can read the cache) but authenticated with HMAC-SHA256 under a key only holders of the Data
/// Protection key ring can obtain (<see cref="GamBearerPayloadKeys"/>). Layout:
/// <c>'S' | version | key id (8) | payload | HMAC (32)</c>, the HMAC over everything before it.
/// </summary>
internal sealed class GamBearerSignedPayloads(GamBearerPayloadKeys keys) : GamBearerPayloadProtection(keys, (byte)'S')
{
    private const int MacBytes = 32;

    public override async ValueTask<byte[]?> SealAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var (stored, key) = await StartAsync(KeyHeaderBytes + payload.Length + MacBytes, cancellationToken).ConfigureAwait(false);
        payload.CopyTo(stored.AsSpan(KeyHeaderBytes));
        HMACSHA256.HashData(key.Secret, stored.AsSpan(0, stored.Length - MacBytes), stored.AsSpan(stored.Length - MacBytes));
        return stored;
    }

    public override async ValueTask<ArraySegment<byte>?> OpenAsync(byte[] stored, CancellationToken cancellationToken)
    {
        if (await KeyOfAsync(stored, KeyHeaderBytes + MacBytes, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacBytes];
        HMACSHA256.HashData(key.Secret, stored.AsSpan(0, stored.Length - MacBytes), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, stored.AsSpan(stored.Length - MacBytes)))
        {
            return null;
        }

        return new ArraySegment<byte>(stored, KeyHeaderBytes, stored.Length - KeyHeaderBytes - MacBytes);
    }
}
