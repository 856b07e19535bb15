using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GamAuthentication.Bearer;

/// <summary>
/// <see cref="GamBearerOptions.ProtectDistributedCache"/> off: payloads are stored readable (no encryption, so claims
/// are visible to whoever can read the cache) but authenticated with HMAC-SHA256 under a key only holders of the Data
/// Protection key ring can obtain (<see cref="GamBearerPayloadKeys"/>). Layout:
/// <c>'S' | version | key id (8) | payload | HMAC (32)</c>, the HMAC over everything before it.
/// </summary>
internal sealed class GamBearerSignedPayloads(GamBearerPayloadKeys keys) : GamBearerPayloadProtection
{
    private const byte Marker = (byte)'S';
    private const byte Version = 1;
    private const int HeaderBytes = 2 + sizeof(ulong);
    private const int MacBytes = 32;

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
        var stored = new byte[HeaderBytes + payload.Length + MacBytes];
        stored[0] = Marker;
        stored[1] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(stored.AsSpan(2), key.Id);
        payload.CopyTo(stored.AsSpan(HeaderBytes));
        HMACSHA256.HashData(key.Secret, stored.AsSpan(0, stored.Length - MacBytes), stored.AsSpan(stored.Length - MacBytes));
        return stored;
    }

    public override async ValueTask<ArraySegment<byte>?> OpenAsync(byte[] stored, CancellationToken cancellationToken)
    {
        if (stored.Length < HeaderBytes + MacBytes || stored[0] != Marker || stored[1] != Version)
        {
            return null;
        }

        var key = await Keys.FindAsync(BinaryPrimitives.ReadUInt64BigEndian(stored.AsSpan(2)), cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacBytes];
        HMACSHA256.HashData(key.Secret, stored.AsSpan(0, stored.Length - MacBytes), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, stored.AsSpan(stored.Length - MacBytes)))
        {
            return null;
        }

        return new ArraySegment<byte>(stored, HeaderBytes, stored.Length - HeaderBytes - MacBytes);
    }
}
