using GamAuthentication.Claims;
using System.Security.Claims;

namespace GamAuthentication.Samples.Mvc.Claims;

/// <summary>Friendly names for the claim types the GAM claim map produces, shown beside the raw types.</summary>
public static class ClaimLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [ClaimTypes.NameIdentifier] = "User ID",
        [ClaimTypes.Name] = "User name",
        [ClaimTypes.Email] = "E-mail",
        [ClaimTypes.GivenName] = "First name",
        [ClaimTypes.Surname] = "Last name",
        [ClaimTypes.DateOfBirth] = "Birthday",
        [ClaimTypes.Gender] = "Gender",
        [ClaimTypes.MobilePhone] = "Phone",
        [ClaimTypes.StreetAddress] = "Address",
        [ClaimTypes.Locality] = "City",
        [ClaimTypes.StateOrProvince] = "State or province",
        [ClaimTypes.PostalCode] = "Post code",
        [ClaimTypes.Webpage] = "Profile page",
        [ClaimTypes.Role] = "Role",
        [GamClaimTypes.UserGuid] = "GAM user GUID",
        [GamClaimTypes.EmailVerified] = "E-mail verified",
        [GamClaimTypes.FullName] = "Full name",
        [GamClaimTypes.ExternalId] = "External ID",
        [GamClaimTypes.Language] = "Language",
        [GamClaimTypes.TimeZone] = "Time zone",
        [GamClaimTypes.Picture] = "Picture",
        [GamClaimTypes.UpdatedAt] = "Updated at",
        [GamClaimTypes.CustomInfo] = "Custom info (JSON)",
        [GamClaimTypes.ApplicationData] = "Application data (JSON)",
        [GamClaimTypes.InitialProperties] = "Initial properties (JSON)",
    };

    /// <summary>The friendly name of <paramref name="claimType"/>; GAM attributes read "Attribute: {Id}"; unknown types get their last segment.</summary>
    public static string For(string claimType)
    {
        ArgumentNullException.ThrowIfNull(claimType);
        if (Labels.TryGetValue(claimType, out var label))
        {
            return label;
        }

        if (claimType.StartsWith(GamClaimTypes.AttributePrefix, StringComparison.Ordinal))
        {
            return "Attribute: " + claimType[GamClaimTypes.AttributePrefix.Length..];
        }

        var cut = claimType.LastIndexOfAny(['/', ':', '#']);
        return cut >= 0 && cut < claimType.Length - 1 ? claimType[(cut + 1)..] : claimType;
    }
}
