using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GamAuthentication.Protocol;

/// <summary>
/// SHA-256 of an access token: the only form in which a token is used as a cache key, an in-flight key or
/// (as a short prefix) in a log line. Computed without heap allocations for tokens up to 1 KiB.
/// </summary>
internal readonly struct GamTokenHash : IEquatable<GamTokenHash>
{
    private const int StackLimit = 1024;
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private GamTokenHash(ReadOnlySpan<byte> hash)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(hash);
        _b = BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(hash[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(hash[24..]);
    }

    public static GamTokenHash Compute(ReadOnlySpan<char> token)
    {
        var count = Encoding.UTF8.GetByteCount(token);
        byte[]? rented = null;
        var buffer = count <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(count));
        try
        {
            var written = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer[..written], hash);
            return new GamTokenHash(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>The length of the in-memory cache key: the 32 bytes as 16 UTF-16 code units.</summary>
    public const int MemoryKeyLength = 16;

    /// <summary>
    /// Writes the in-memory (L1) cache key: the hash's 32 bytes as 16 chars (not text, never shown). L1 is
    /// looked up with this span on the stack (<c>MemoryCache.TryGetValue(ReadOnlySpan&lt;char&gt;, ...)</c>), so a
    /// cache hit allocates no key; a string key is created only when an entry is stored or removed.
    /// </summary>
    public void WriteMemoryKey(Span<char> destination)
    {
        WriteChars(destination, _a);
        WriteChars(destination[4..], _b);
        WriteChars(destination[8..], _c);
        WriteChars(destination[12..], _d);

        static void WriteChars(Span<char> destination, ulong value)
        {
            destination[0] = (char)(value >> 48);
            destination[1] = (char)(value >> 32);
            destination[2] = (char)(value >> 16);
            destination[3] = (char)value;
        }
    }

    /// <summary>The in-memory cache key as a string, for storing or removing an entry (see <see cref="WriteMemoryKey"/>).</summary>
    public string ToMemoryKey() => string.Create(MemoryKeyLength, this, static (destination, hash) => hash.WriteMemoryKey(destination));

    /// <summary>base64url of the full hash (43 characters): the variable part of distributed-cache keys.</summary>
    public string ToBase64Url()
    {
        Span<byte> hash = stackalloc byte[32];
        Write(hash);
        return Base64Url.EncodeToString(hash);
    }

    /// <summary>The first 8 base64url characters of the hash: enough to correlate log lines, useless to find the token.</summary>
    public string ShortId()
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(prefix, _a);
        return Base64Url.EncodeToString(prefix[..6]);
    }

    /// <summary>Reads a hash from <see cref="ToBase64Url"/>'s form; null when it is not base64url of 32 bytes.</summary>
    public static GamTokenHash? FromBase64Url(string value)
    {
        Span<byte> hash = stackalloc byte[Length];
        return value.Length == 43 && Base64Url.TryDecodeFromChars(value, hash, out var written) && written == Length ? new GamTokenHash(hash) : null;
    }

    /// <summary>Reads a hash written by <see cref="Write"/>.</summary>
    public static GamTokenHash Read(ReadOnlySpan<byte> hash) => new(hash);

    public bool Equals(GamTokenHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is GamTokenHash other && Equals(other);

    /// <summary>Seeded per process (<see cref="HashCode"/>): tokens cannot be ground offline to collide in the caches' buckets.</summary>
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>Never the token: the short id.</summary>
    public override string ToString() => ShortId();

    /// <summary>The 32 bytes of the hash.</summary>
    public const int Length = 32;

    /// <summary>Writes the 32 bytes of the hash, e.g. to bind a cache payload to its token.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }
}
