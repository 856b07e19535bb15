using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Claims;

/// <summary>
/// Adds <see cref="GamClaimTypes.FullName"/> from <c>name</c> (OIDC), or from <c>first_name</c> and
/// <c>last_name</c> joined by a space (GAM sends no full name of its own).
/// </summary>
internal sealed class GamFullNameClaimAction : ClaimAction
{
    /// <summary>Creates the action.</summary>
    public GamFullNameClaimAction()
        : base(GamClaimTypes.FullName, ClaimValueTypes.String)
    {
    }

    /// <inheritdoc />
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        ArgumentNullException.ThrowIfNull(identity);
        string? value = null;
        if (GamJson.TryGetProperty(userData, "name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            value = name.GetString()?.Trim();
        }

        if (string.IsNullOrEmpty(value))
        {
            var first = GamJson.TryGetScalar(userData, "first_name", out var f, out _) ? f.Trim() : string.Empty;
            var last = GamJson.TryGetScalar(userData, "last_name", out var l, out _) ? l.Trim() : string.Empty;
            value = $"{first} {last}".Trim();
        }

        if (!string.IsNullOrEmpty(value))
        {
            identity.AddClaim(new Claim(ClaimType, value, ValueType, issuer));
        }
    }
}
