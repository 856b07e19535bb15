using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Claims;

/// <summary>
/// The postal address. GAM sends <c>address</c> as a string (with <c>city</c>, <c>state</c> and <c>post_code</c>
/// beside it): it becomes <see cref="ClaimTypes.StreetAddress"/>. OpenID Connect (Core §5.1.1) sends an object:
/// <c>street_address</c>, <c>locality</c>, <c>region</c>, <c>postal_code</c>, <c>country</c> and <c>formatted</c> become
/// <see cref="ClaimTypes.StreetAddress"/>, <see cref="ClaimTypes.Locality"/>, <see cref="ClaimTypes.StateOrProvince"/>,
/// <see cref="ClaimTypes.PostalCode"/>, <see cref="ClaimTypes.Country"/> and <see cref="GamClaimTypes.FormattedAddress"/>,
/// each unless a GAM field already gave that claim.
/// </summary>
internal sealed class GamAddressClaimAction : ClaimAction
{
    private static readonly (string Member, string ClaimType)[] Members =
    [
        ("street_address", ClaimTypes.StreetAddress),
        ("locality", ClaimTypes.Locality),
        ("region", ClaimTypes.StateOrProvince),
        ("postal_code", ClaimTypes.PostalCode),
        ("country", ClaimTypes.Country),
        ("formatted", GamClaimTypes.FormattedAddress),
    ];

    public GamAddressClaimAction()
        : base(ClaimTypes.StreetAddress, ClaimValueTypes.String)
    {
    }

    /// <inheritdoc />
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!GamJson.TryGetProperty(userData, "address", out var address))
        {
            return;
        }

        if (address.ValueKind != JsonValueKind.Object)
        {
            if (GamJson.TryGetScalar(userData, "address", out var text, out _))
            {
                identity.AddClaim(new Claim(ClaimType, text, ValueType, issuer));
            }

            return;
        }

        foreach (var (member, claimType) in Members)
        {
            if (!identity.HasClaim(c => c.Type == claimType) && GamJson.TryGetScalar(address, member, out var value, out _))
            {
                identity.AddClaim(new Claim(claimType, value, ValueType, issuer));
            }
        }
    }
}
