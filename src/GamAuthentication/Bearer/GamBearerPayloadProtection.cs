using System.Buffers.Binary;

namespace GamAuthentication.Bearer;

/// <summary>
/// Makes distributed-cache payloads tamper-evident, so that whoever can write to the cache but does not hold the
/// application's Data Protection keys cannot make an instance believe an entry it did not write. Both forms (signed,
/// encrypted) seal with a key of <see cref="GamBearerPayloadKeys"/>, derived for the scheme and the userinfo endpoint,
/// behind a header <c>marker | version | key id (8)</c> that names the form and the key; the payload itself names its
/// token (<see cref="GamBearerCacheSerializer"/>).
/// </summary>
internal abstract class GamBearerPayloadProtection(GamBearerPayloadKeys keys, byte marker) : IDisposable
{
    private const byte Version = 1;

    /// <summary>Bytes of the marker, version and key id.</summary>
    protected const int KeyHeaderBytes = 2 + sizeof(ulong);

    public GamBearerPayloadKeys Keys { get; } = keys;

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Keys.Dispose();
        }
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

    /// <summary>The bytes to store; null when they cannot be produced now (e.g. the key is not reachable).</summary>
    public abstract ValueTask<byte[]?> SealAsync(byte[] payload, CancellationToken cancellationToken);

    /// <summary>The payload, or null when <paramref name="stored"/> fails verification.</summary>
    public abstract ValueTask<ArraySegment<byte>?> OpenAsync(byte[] stored, CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The Data Protection purposes of one scheme's payload-key records: they name the use, the scheme and the userinfo endpoint.</summary>
    internal static string[] Purposes(string use, string scheme, string userInfoEndpoint) =>
        ["GamAuthentication.Bearer.DistributedCache", use, scheme, userInfoEndpoint];
}
