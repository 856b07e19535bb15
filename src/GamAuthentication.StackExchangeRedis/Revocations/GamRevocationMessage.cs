using System.Globalization;
using System.Text.Json;

namespace GamAuthentication.StackExchangeRedis.Revocations;

/// <summary>What kind of change a <see cref="GamRevocationMessage"/> carries.</summary>
internal enum GamRevocationKind
{
    /// <summary>A bearer scheme revoked the token.</summary>
    Revoked = 0,

    /// <summary>A bearer scheme evicted the token.</summary>
    Evicted = 1,

    /// <summary>The user signed out of a GAM scheme: every bearer scheme of the receiver revokes the token.</summary>
    SignedOut = 2,
}

/// <summary>
/// One change told to the other instances. The revocation's end travels as a duration, not an instant, so clocks that
/// disagree between instances do not shorten or lengthen it. Tokens travel only as their hash.
/// </summary>
/// <param name="Origin">The sending instance, so it ignores its own messages.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Scheme">The bearer scheme (revoked, evicted) or the GAM scheme (signed out).</param>
/// <param name="TokenHash">base64url of the SHA-256 of the access token.</param>
/// <param name="RevokedFor">For a revocation, how much longer the token is refused.</param>
internal sealed record GamRevocationMessage(string Origin, GamRevocationKind Kind, string Scheme, string TokenHash, TimeSpan? RevokedFor)
{
    public byte[] Write()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("origin", Origin);
            json.WriteNumber("kind", (int)Kind);
            json.WriteString("scheme", Scheme);
            json.WriteString("hash", TokenHash);
            if (RevokedFor is { } duration)
            {
                json.WriteNumber("ms", (long)duration.TotalMilliseconds);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <exception cref="JsonException">Not a message this format wrote.</exception>
    public static GamRevocationMessage Read(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var kind = (GamRevocationKind)root.GetProperty("kind").GetInt32();
        if (!Enum.IsDefined(kind))
        {
            throw new JsonException("unknown kind " + kind.ToString());
        }

        return new GamRevocationMessage(
            root.GetProperty("origin").GetString() ?? throw new JsonException("no origin"),
            kind,
            root.GetProperty("scheme").GetString() ?? throw new JsonException("no scheme"),
            root.GetProperty("hash").GetString() ?? throw new JsonException("no hash"),
            root.TryGetProperty("ms", out var ms) ? TimeSpan.FromMilliseconds(ms.GetInt64()) : null);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} {TokenHash[..Math.Min(8, TokenHash.Length)]}… in {Scheme}");
}
