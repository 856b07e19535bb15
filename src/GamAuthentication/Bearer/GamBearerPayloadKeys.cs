using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace GamAuthentication.Bearer;

/// <summary>
/// A key that signs or encrypts distributed-cache payloads of one scheme. <see cref="Secret"/> is already bound to the
/// scheme, the userinfo endpoint and the use (signing or encryption).
/// </summary>
internal sealed record GamBearerPayloadKey(ulong Id, byte[] Secret)
{
    // Records print their members; this one holds a secret.
    public override string ToString() => $"payload key {Id:x16}";
}

/// <summary>
/// The keys of <see cref="GamBearerSignedPayloads"/> (HMAC) and <see cref="GamBearerEncryptedPayloads"/> (AES-GCM),
/// shared by every instance through the distributed cache itself: one record per use, protected with Data Protection
/// (so only holders of the key ring can read or plant it), under <c>{prefix}~signing-key</c> or
/// <c>{prefix}~encryption-key</c>. The first instance that needs a key and finds none creates one. Instances that raced
/// and created different keys converge: an entry under a key this instance does not know makes it reload the record
/// (at most every <see cref="ReloadInterval"/>) and adopt the key the record holds.
/// Cache failures are thrown to the caller, which owns the time-out and back-off.
/// </summary>
internal sealed class GamBearerPayloadKeys : IDisposable
{
    internal static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(10);
    private static readonly DistributedCacheEntryOptions RecordLifetime = new() { SlidingExpiration = TimeSpan.FromDays(30) };
    private const byte RecordVersion = 1;
    private const int KeyBytes = 32;
    private const int MaxKnownKeys = 8;

    private readonly IDistributedCache _cache;
    private readonly IDataProtector _recordProtector;
    private readonly byte[] _binding;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<ulong, GamBearerPayloadKey> _known = [];
    private GamBearerPayloadKey? _current;
    private long _lastReloadTicks;

    /// <summary>The keys of one scheme and userinfo endpoint, for <paramref name="encryption"/> or for signing.</summary>
    public GamBearerPayloadKeys(IDistributedCache cache, IDataProtectionProvider dataProtection, string keyPrefix, string scheme, string userInfoEndpoint, TimeProvider time, bool encryption)
    {
        var use = encryption ? "Encrypted" : "Signed";
        _cache = cache;
        _recordProtector = dataProtection.CreateProtector(GamBearerPayloadProtection.Purposes(encryption ? "EncryptionKey.v1" : "SigningKey.v1", scheme, userInfoEndpoint));
        _binding = Encoding.UTF8.GetBytes("GamAuthentication.Bearer.DistributedCache." + use + "\n" + scheme + "\n" + userInfoEndpoint);
        RecordKey = keyPrefix + (encryption ? "~encryption-key" : "~signing-key");
        _time = time;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Where the shared key lives in the distributed cache.</summary>
    public string RecordKey { get; }

    /// <summary>The key to seal with: the shared one, created and stored when there is none yet.</summary>
    public async ValueTask<GamBearerPayloadKey> GetCurrentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is not null)
            {
                return _current;
            }

            if (await ReadRecordAsync(cancellationToken).ConfigureAwait(false) is { } shared)
            {
                return Adopt(shared);
            }

            var created = Create();
            await _cache.SetAsync(RecordKey, _recordProtector.Protect(created.Record), RecordLifetime, cancellationToken).ConfigureAwait(false);

            // Another instance may have stored its own key at the same moment: the record decides.
            return Adopt(await ReadRecordAsync(cancellationToken).ConfigureAwait(false) ?? created.Key);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The key with this id, reloading the shared record when the id is unknown (rate-limited); null when unknown.</summary>
    public async ValueTask<GamBearerPayloadKey?> FindAsync(ulong id, CancellationToken cancellationToken)
    {
        lock (_known)
        {
            if (_known.TryGetValue(id, out var known))
            {
                return known;
            }
        }

        var now = _time.GetUtcNow().UtcTicks;
        if (now - Interlocked.Read(ref _lastReloadTicks) < ReloadInterval.Ticks)
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (now - _lastReloadTicks < ReloadInterval.Ticks)
            {
                return Find(id);
            }

            Interlocked.Exchange(ref _lastReloadTicks, now);
            if (await ReadRecordAsync(cancellationToken).ConfigureAwait(false) is { } shared)
            {
                Adopt(shared);
            }

            return Find(id);
        }
        finally
        {
            _gate.Release();
        }
    }

    private GamBearerPayloadKey? Find(ulong id)
    {
        lock (_known)
        {
            return _known.GetValueOrDefault(id);
        }
    }

    private GamBearerPayloadKey Adopt(GamBearerPayloadKey key)
    {
        lock (_known)
        {
            if (_known.Count >= MaxKnownKeys && !_known.ContainsKey(key.Id))
            {
                _known.Clear();
            }

            _known[key.Id] = key;
        }

        Volatile.Write(ref _current, key);
        return key;
    }

    /// <summary>The shared key, or null when there is none or it is not ours to read (another key ring, forged, garbage).</summary>
    private async Task<GamBearerPayloadKey?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        var stored = await _cache.GetAsync(RecordKey, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        byte[] record;
        try
        {
            record = _recordProtector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }

        if (record.Length != 1 + sizeof(ulong) + KeyBytes || record[0] != RecordVersion)
        {
            return null;
        }

        return Derive(BinaryPrimitives.ReadUInt64BigEndian(record.AsSpan(1)), record.AsSpan(1 + sizeof(ulong)));
    }

    private (GamBearerPayloadKey Key, byte[] Record) Create()
    {
        var record = new byte[1 + sizeof(ulong) + KeyBytes];
        record[0] = RecordVersion;
        RandomNumberGenerator.Fill(record.AsSpan(1));
        return (Derive(BinaryPrimitives.ReadUInt64BigEndian(record.AsSpan(1)), record.AsSpan(1 + sizeof(ulong))), record);
    }

    /// <summary>The key is derived for this use, scheme and endpoint, so a key record can never seal another scheme's entries, nor sign what it encrypts.</summary>
    private GamBearerPayloadKey Derive(ulong id, ReadOnlySpan<byte> secret) => new(id, HMACSHA256.HashData(secret, _binding));
}
