using System.Security.Cryptography;

namespace GamAuthentication.Bearer;

/// <summary>
/// <see cref="GamBearerOptions.ProtectDistributedCache"/> on (the default): payloads encrypted and authenticated with
/// AES-256-GCM under a key only holders of the Data Protection key ring can obtain (<see cref="GamBearerPayloadKeys"/>,
/// derived per scheme and userinfo endpoint). Layout: <c>'E' | version | key id (8) | nonce (12) | ciphertext | tag (16)</c>,
/// the marker, version and key id authenticated with the ciphertext. A hit costs one AES-GCM decryption, where a Data
/// Protection unprotect would derive a key per payload (measured in benchmarks/README.md).
/// </summary>
/// <remarks>
/// Nonces are random: one key stays within AES-GCM's bound for random nonces (2^32 encryptions) for as long as an
/// application writes fewer than 2^32 entries under it, i.e. validates fewer than 2^32 tokens at GAM; each write is
/// one token's validation.
/// </remarks>
internal sealed class GamBearerEncryptedPayloads(GamBearerPayloadKeys keys) : GamBearerPayloadProtection(keys, (byte)'E')
{
    private const int NonceBytes = 12;
    private const int HeaderBytes = KeyHeaderBytes + NonceBytes;
    private const int TagBytes = 16;

    public override async ValueTask<byte[]?> SealAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var (stored, key) = await StartAsync(HeaderBytes + payload.Length + TagBytes, cancellationToken).ConfigureAwait(false);
        RandomNumberGenerator.Fill(stored.AsSpan(KeyHeaderBytes, NonceBytes));
        using var aes = new AesGcm(key.Secret, TagBytes);
        aes.Encrypt(
            stored.AsSpan(KeyHeaderBytes, NonceBytes),
            payload,
            stored.AsSpan(HeaderBytes, payload.Length),
            stored.AsSpan(HeaderBytes + payload.Length, TagBytes),
            stored.AsSpan(0, KeyHeaderBytes));
        return stored;
    }

    public override async ValueTask<ArraySegment<byte>?> OpenAsync(byte[] stored, CancellationToken cancellationToken)
    {
        if (await KeyOfAsync(stored, HeaderBytes + TagBytes, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return null;
        }

        var payload = new byte[stored.Length - HeaderBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key.Secret, TagBytes);
            aes.Decrypt(
                stored.AsSpan(KeyHeaderBytes, NonceBytes),
                stored.AsSpan(HeaderBytes, payload.Length),
                stored.AsSpan(stored.Length - TagBytes),
                payload,
                stored.AsSpan(0, KeyHeaderBytes));
        }
        catch (CryptographicException)
        {
            // Forged, altered, truncated, or sealed with a key of another scheme or endpoint that happens to share the id.
            CryptographicOperations.ZeroMemory(payload);
            return null;
        }

        return payload;
    }
}
