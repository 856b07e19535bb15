using System.Collections.Frozen;
using System.Security.Claims;
using System.Text;
using GamAuthentication.Claims;
using GamAuthentication.Protocol;

namespace GamAuthentication.Bearer;

/// <summary>
/// The compact binary form of a cache entry for the distributed cache: a table of distinct strings (claim
/// types, issuers and value types repeat) and, per claim, five indexes into it. Claim and value types of the
/// shared claim map are written as small numbers and read back as the same string instances (no copies per
/// entry). Never JSON, never the token. Every payload carries the SHA-256 of its token, so an entry copied to
/// another token's key is recognised as not being that token's (<see cref="GamBearerPayloadProtection"/> makes the
/// whole payload tamper-evident).
/// </summary>
internal static class GamBearerCacheSerializer
{
    /// <summary>2: the token hash follows the expiry. Version 1 payloads (no hash) are unreadable on purpose.</summary>
    private const byte Version = 2;

    /// <summary>Strings written as their position + 1. Append only: a reader that meets an unknown position treats the entry as a miss.</summary>
    private static readonly string[] WellKnown =
    [
        ClaimValueTypes.String, ClaimValueTypes.Boolean, ClaimValueTypes.Integer64, ClaimValueTypes.Double, ClaimValueTypes.Integer,
        ClaimValueTypes.Integer32, ClaimValueTypes.DateTime, ClaimValueTypes.Date,
        ClaimTypes.NameIdentifier, ClaimTypes.Name, ClaimTypes.Email, ClaimTypes.GivenName, ClaimTypes.Surname,
        ClaimTypes.DateOfBirth, ClaimTypes.Gender, ClaimTypes.MobilePhone, ClaimTypes.StreetAddress, ClaimTypes.Locality,
        ClaimTypes.StateOrProvince, ClaimTypes.PostalCode, ClaimTypes.Webpage, ClaimTypes.Role,
        GamClaimTypes.UserGuid, GamClaimTypes.EmailVerified, GamClaimTypes.FullName, GamClaimTypes.ExternalId,
        GamClaimTypes.Language, GamClaimTypes.TimeZone, GamClaimTypes.Picture, GamClaimTypes.UpdatedAt,
        GamClaimTypes.CustomInfo, GamClaimTypes.ApplicationData, GamClaimTypes.InitialProperties,
        GamBearerDefaults.AuthenticationScheme, GamDefaults.Issuer, ClaimsIdentity.DefaultIssuer,
        GamClaimTypes.Subject,

        // Append only: an entry written by an older instance names its strings by these positions.
        ClaimTypes.Country, GamClaimTypes.MiddleName, GamClaimTypes.Nickname, GamClaimTypes.Website,
        GamClaimTypes.PhoneNumberVerified, GamClaimTypes.FormattedAddress,
    ];

    private static readonly FrozenDictionary<string, int> WellKnownIndex =
        WellKnown.Select((value, index) => KeyValuePair.Create(value, index)).ToFrozenDictionary(StringComparer.Ordinal);

    public static byte[] Serialize(GamBearerCacheEntry entry, GamTokenHash token)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write((byte)entry.Kind);
            writer.Write(entry.ExpiresAt.ToUnixTimeMilliseconds());
            Span<byte> hash = stackalloc byte[GamTokenHash.Length];
            token.Write(hash);
            writer.Write(hash);
            if (entry.Kind == GamBearerEntryKind.Rejected)
            {
                writer.Write(entry.ErrorCode ?? string.Empty);
                writer.Write7BitEncodedInt(entry.HttpStatus);
            }
            else if (entry.Kind == GamBearerEntryKind.Valid)
            {
                var table = new Dictionary<string, int>(StringComparer.Ordinal);
                var strings = new List<string>();
                var indexes = new int[entry.Claims.Length * 5];
                for (var i = 0; i < entry.Claims.Length; i++)
                {
                    var claim = entry.Claims[i];
                    indexes[(i * 5) + 0] = Intern(claim.Type);
                    indexes[(i * 5) + 1] = Intern(claim.Value);
                    indexes[(i * 5) + 2] = Intern(claim.ValueType);
                    indexes[(i * 5) + 3] = Intern(claim.Issuer);
                    indexes[(i * 5) + 4] = Intern(claim.OriginalIssuer);
                }

                writer.Write7BitEncodedInt(strings.Count);
                foreach (var s in strings)
                {
                    if (WellKnownIndex.TryGetValue(s, out var known))
                    {
                        writer.Write7BitEncodedInt(known + 1);
                    }
                    else
                    {
                        writer.Write7BitEncodedInt(0);
                        writer.Write(s);
                    }
                }

                writer.Write7BitEncodedInt(entry.Claims.Length);
                foreach (var index in indexes)
                {
                    writer.Write7BitEncodedInt(index);
                }

                int Intern(string value)
                {
                    if (!table.TryGetValue(value, out var index))
                    {
                        index = strings.Count;
                        strings.Add(value);
                        table[value] = index;
                    }

                    return index;
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The entry, or null with <paramref name="problem"/> set when the bytes are not a payload of this version, or are
    /// the payload of another token than <paramref name="token"/>.
    /// </summary>
    public static GamBearerCacheEntry? Deserialize(ArraySegment<byte> payload, GamTokenHash token, out GamBearerPayloadProblem problem)
    {
        problem = GamBearerPayloadProblem.Unreadable;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload.Array!, payload.Offset, payload.Count, writable: false), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                return null;
            }

            var kind = (GamBearerEntryKind)reader.ReadByte();
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            Span<byte> hash = stackalloc byte[GamTokenHash.Length];
            reader.BaseStream.ReadExactly(hash);
            if (!GamTokenHash.Read(hash).Equals(token))
            {
                problem = GamBearerPayloadProblem.OtherToken;
                return null;
            }

            problem = GamBearerPayloadProblem.None;
            switch (kind)
            {
                case GamBearerEntryKind.Rejected:
                    var code = reader.ReadString();
                    var status = reader.Read7BitEncodedInt();
                    return reader.BaseStream.Position == payload.Count
                        ? GamBearerCacheEntry.Rejected(code.Length == 0 ? null : code, status, expiresAt)
                        : Unreadable(out problem);
                case GamBearerEntryKind.Revoked:
                    // Kind and expiry only. Instances of an older version read it as a miss and ask GAM.
                    return reader.BaseStream.Position == payload.Count ? GamBearerCacheEntry.Revoked(expiresAt) : Unreadable(out problem);
                case GamBearerEntryKind.Valid:
                    var stringCount = reader.Read7BitEncodedInt();
                    if (stringCount < 0 || stringCount > payload.Count)
                    {
                        return Unreadable(out problem);
                    }

                    var strings = new string[stringCount];
                    for (var i = 0; i < stringCount; i++)
                    {
                        var known = reader.Read7BitEncodedInt();
                        if (known > WellKnown.Length || known < 0)
                        {
                            return Unreadable(out problem);
                        }

                        strings[i] = known == 0 ? reader.ReadString() : WellKnown[known - 1];
                    }

                    var claimCount = reader.Read7BitEncodedInt();
                    if (claimCount < 0 || claimCount > payload.Count)
                    {
                        return Unreadable(out problem);
                    }

                    var claims = new GamCachedClaim[claimCount];
                    for (var i = 0; i < claimCount; i++)
                    {
                        claims[i] = new GamCachedClaim(
                            strings[reader.Read7BitEncodedInt()],
                            strings[reader.Read7BitEncodedInt()],
                            strings[reader.Read7BitEncodedInt()],
                            strings[reader.Read7BitEncodedInt()],
                            strings[reader.Read7BitEncodedInt()]);
                    }

                    return reader.BaseStream.Position == payload.Count ? GamBearerCacheEntry.Valid(claims, expiresAt) : Unreadable(out problem);
                default:
                    return Unreadable(out problem);
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or IndexOutOfRangeException or IOException or ArgumentException)
        {
            return Unreadable(out problem);
        }
    }

    private static GamBearerCacheEntry? Unreadable(out GamBearerPayloadProblem problem)
    {
        problem = GamBearerPayloadProblem.Unreadable;
        return null;
    }
}

/// <summary>Why a distributed-cache payload was not believed.</summary>
internal enum GamBearerPayloadProblem
{
    /// <summary>It was believed.</summary>
    None,

    /// <summary>Not a payload of this version, truncated, garbage, or failed its integrity check.</summary>
    Unreadable,

    /// <summary>A genuine payload, but of another token (an entry copied to this token's key).</summary>
    OtherToken,
}
