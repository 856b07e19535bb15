namespace GamAuthentication.Bearer;

/// <summary>
/// Makes distributed-cache payloads tamper-evident, so that whoever can write to the cache but does not hold the
/// application's Data Protection keys cannot make an instance believe an entry it did not write. Both forms bind the
/// payload to the scheme and the userinfo endpoint; the payload itself names its token
/// (<see cref="GamBearerCacheSerializer"/>).
/// </summary>
internal abstract class GamBearerPayloadProtection : IDisposable
{
    /// <summary>The bytes to store; null when they cannot be produced now (e.g. the signing key is not reachable).</summary>
    public abstract ValueTask<byte[]?> SealAsync(byte[] payload, CancellationToken cancellationToken);

    /// <summary>The payload, or null when <paramref name="stored"/> fails verification.</summary>
    public abstract ValueTask<ArraySegment<byte>?> OpenAsync(byte[] stored, CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The Data Protection purposes of one scheme's payloads: they name the scheme and the userinfo endpoint.</summary>
    internal static string[] Purposes(string use, string scheme, string userInfoEndpoint) =>
        ["GamAuthentication.Bearer.DistributedCache", use, scheme, userInfoEndpoint];
}
