using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Claims;

/// <summary>
/// Adds one claim from the first of several userinfo keys that holds a non-empty value. Keys are
/// matched exactly first and then ignoring case (GAM writes both <c>CustomInfo</c> and <c>custominfo</c>).
/// Strings are used as they are; booleans and numbers as their JSON text; objects and arrays as JSON text.
/// Empty strings and nulls produce no claim.
/// </summary>
internal sealed class GamJsonClaimAction : ClaimAction
{
    /// <summary>Creates the action.</summary>
    /// <param name="claimType">The claim type to add.</param>
    /// <param name="valueType">The claim value type (used for strings; booleans and numbers get their own).</param>
    /// <param name="jsonKeys">The userinfo keys to try, in order.</param>
    public GamJsonClaimAction(string claimType, string valueType, params string[] jsonKeys)
        : base(claimType, valueType)
    {
        ArgumentNullException.ThrowIfNull(jsonKeys);
        if (jsonKeys.Length == 0)
        {
            throw new ArgumentException("At least one JSON key is required.", nameof(jsonKeys));
        }

        JsonKeys = jsonKeys;
    }

    /// <summary>The userinfo keys tried, in order.</summary>
    public IReadOnlyList<string> JsonKeys { get; }

    /// <inheritdoc />
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var key in JsonKeys)
        {
            if (GamJson.TryGetScalar(userData, key, out var value, out var valueType))
            {
                identity.AddClaim(new Claim(ClaimType, value, valueType ?? ValueType, issuer));
                return;
            }
        }
    }
}
