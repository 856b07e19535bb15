using System.Buffers.Binary;
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
internal sealed class GamBearerEncryptedPayloads(GamBearerPayloadKeys keys) : GamBearerPayloadProtection
{
    private const byte Marker = (byte)'E';
    private const byte Version = 1;
    private const int AuthenticatedHeaderBytes = 2 + sizeof(ulong);
    private const int NonceBytes = 12;
    private const int HeaderBytes = AuthenticatedHeaderBytes + NonceBytes;
    private const int TagBytes = 16;

    public GamBearerPayloadKeys Keys { get; } = keys;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Keys.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask<byte[]?> SealAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var key = await Keys.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        var stored = new byte[HeaderBytes + payload.Length + TagBytes];
        stored[0] = Marker;
        stored[1] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(stored.AsSpan(2), key.Id);
        RandomNumberGenerator.Fill(stored.AsSpan(AuthenticatedHeaderBytes, NonceBytes));
        using var aes = new AesGcm(key.Secret, TagBytes);
        aes.Encrypt(
            stored.AsSpan(AuthenticatedHeaderBytes, NonceBytes),
            payload,
            stored.AsSpan(HeaderBytes, payload.Length),
            stored.AsSpan(HeaderBytes + payload.Length, TagBytes),
            stored.AsSpan(0, AuthenticatedHeaderBytes));
        return stored;
    }

    public override async ValueTask<ArraySegment<byte>?> OpenAsync(byte[] stored, CancellationToken cancellationToken)
    {
        if (stored.Length < HeaderBytes + TagBytes || stored[0] != Marker || stored[1] != Version)
        {
            return null;
        }

        var key = await Keys.FindAsync(BinaryPrimitives.ReadUInt64BigEndian(stored.AsSpan(2)), cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return null;
        }

        var payload = new byte[stored.Length - HeaderBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key.Secret, TagBytes);
            aes.Decrypt(
                stored.AsSpan(AuthenticatedHeaderBytes, NonceBytes),
                stored.AsSpan(HeaderBytes, payload.Length),
                stored.AsSpan(stored.Length - TagBytes),
                payload,
                stored.AsSpan(0, AuthenticatedHeaderBytes));
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
