using System.Collections.Frozen;
using System.Security.Claims;
using System.Text;
using GamAuthentication.Claims;

namespace GamAuthentication.Bearer;

/// <summary>
/// The compact binary form of a cache entry for the distributed cache: a table of distinct strings (claim
/// types, issuers and value types repeat) and, per claim, five indexes into it. Claim and value types of the
/// shared claim map are written as small numbers and read back as the same string instances (no copies per
/// entry). Never JSON, never the token.
/// </summary>
internal static class GamBearerCacheSerializer
{
    private const byte Version = 1;

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
        GamDefaults.BearerAuthenticationScheme, GamDefaults.Issuer, ClaimsIdentity.DefaultIssuer,
    ];

    private static readonly FrozenDictionary<string, int> WellKnownIndex =
        WellKnown.Select((value, index) => KeyValuePair.Create(value, index)).ToFrozenDictionary(StringComparer.Ordinal);

    public static byte[] Serialize(GamBearerCacheEntry entry)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write((byte)entry.Kind);
            writer.Write(entry.ExpiresAt.ToUnixTimeMilliseconds());
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

    /// <summary>The entry, or null when the bytes are not a payload of this version.</summary>
    public static GamBearerCacheEntry? Deserialize(byte[] payload)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                return null;
            }

            var kind = (GamBearerEntryKind)reader.ReadByte();
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            switch (kind)
            {
                case GamBearerEntryKind.Rejected:
                    var code = reader.ReadString();
                    var status = reader.Read7BitEncodedInt();
                    return GamBearerCacheEntry.Rejected(code.Length == 0 ? null : code, status, expiresAt);
                case GamBearerEntryKind.Revoked:
                    // Kind and expiry only. Instances of an older version read it as a miss and ask GAM.
                    return reader.BaseStream.Position == payload.Length ? GamBearerCacheEntry.Revoked(expiresAt) : null;
                case GamBearerEntryKind.Valid:
                    var stringCount = reader.Read7BitEncodedInt();
                    if (stringCount < 0 || stringCount > payload.Length)
                    {
                        return null;
                    }

                    var strings = new string[stringCount];
                    for (var i = 0; i < stringCount; i++)
                    {
                        var known = reader.Read7BitEncodedInt();
                        if (known > WellKnown.Length || known < 0)
                        {
                            return null;
                        }

                        strings[i] = known == 0 ? reader.ReadString() : WellKnown[known - 1];
                    }

                    var claimCount = reader.Read7BitEncodedInt();
                    if (claimCount < 0 || claimCount > payload.Length)
                    {
                        return null;
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

                    return reader.BaseStream.Position == payload.Length ? GamBearerCacheEntry.Valid(claims, expiresAt) : null;
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or IndexOutOfRangeException or IOException or ArgumentException)
        {
            return null;
        }
    }
}
