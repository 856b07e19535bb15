using System.Buffers.Binary;

namespace GamAuthentication.Bearer;

/// <summary>
/// What the signed and the encrypted payload forms share: a key of <see cref="GamBearerPayloadKeys"/>, and a header
/// <c>marker | version | key id (8)</c> that names the form and the key.
/// </summary>
internal abstract class GamBearerKeyedPayloads(GamBearerPayloadKeys keys, byte marker) : GamBearerPayloadProtection
{
    private const byte Version = 1;

    /// <summary>Bytes of the marker, version and key id.</summary>
    protected const int KeyHeaderBytes = 2 + sizeof(ulong);

    public GamBearerPayloadKeys Keys { get; } = keys;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Keys.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A buffer of <paramref name="length"/> bytes that starts with the header for the current key, and that key.</summary>
    protected async ValueTask<(byte[] Stored, GamBearerPayloadKey Key)> StartAsync(int length, CancellationToken cancellationToken)
    {
        var key = await Keys.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        var stored = new byte[length];
        stored[0] = marker;
        stored[1] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(stored.AsSpan(2), key.Id);
        return (stored, key);
    }

    /// <summary>The key <paramref name="stored"/> names, or null when it is shorter than <paramref name="minLength"/>, of another form or version, or names a key this farm does not have.</summary>
    protected ValueTask<GamBearerPayloadKey?> KeyOfAsync(byte[] stored, int minLength, CancellationToken cancellationToken) =>
        stored.Length < minLength || stored[0] != marker || stored[1] != Version
            ? ValueTask.FromResult<GamBearerPayloadKey?>(null)
            : Keys.FindAsync(BinaryPrimitives.ReadUInt64BigEndian(stored.AsSpan(2)), cancellationToken);
}
