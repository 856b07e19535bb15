using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Claims;

/// <summary>
/// Adds one claim per non-empty string of a JSON array (GAM's <c>roles</c>, OIDC's <c>groups</c>).
/// A single string instead of an array gives one claim. Duplicates give one claim.
/// </summary>
internal sealed class GamListClaimAction : ClaimAction
{
    /// <summary>Creates the action.</summary>
    /// <param name="claimType">The claim type to add, e.g. <see cref="ClaimTypes.Role"/>.</param>
    /// <param name="jsonKey">The userinfo key holding the array.</param>
    public GamListClaimAction(string claimType, string jsonKey)
        : base(claimType, ClaimValueTypes.String)
    {
        ArgumentException.ThrowIfNullOrEmpty(jsonKey);
        JsonKey = jsonKey;
    }

    /// <summary>The userinfo key holding the array.</summary>
    public string JsonKey { get; }

    /// <inheritdoc />
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!GamJson.TryGetProperty(userData, JsonKey, out var element))
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Add(item, identity, issuer);
            }
        }
        else
        {
            Add(element, identity, issuer);
        }
    }

    private void Add(JsonElement item, ClaimsIdentity identity, string issuer)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var value = item.GetString();
        if (string.IsNullOrWhiteSpace(value) || identity.HasClaim(ClaimType, value))
        {
            return;
        }

        identity.AddClaim(new Claim(ClaimType, value, ValueType, issuer));
    }
}
