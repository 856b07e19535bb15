using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Claims;

/// <summary>
/// Turns GAM's <c>attributes</c> array (<c>[{"Id":"EmployeeID","IsMultiValue":false,"Value":"123"}]</c>)
/// into claims of type <c>urn:gam:attribute:{Id}</c>. Multi-valued attributes give one claim per entry of
/// their <c>MultiValues</c> array (or of <c>Value</c> when it is an array). Empty values give no claim.
/// </summary>
internal sealed class GamAttributesClaimAction : ClaimAction
{
    /// <summary>Creates the action.</summary>
    public GamAttributesClaimAction()
        : base(GamClaimTypes.AttributePrefix, ClaimValueTypes.String)
    {
    }

    /// <inheritdoc />
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!GamJson.TryGetProperty(userData, "attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var attribute in attributes.EnumerateArray())
        {
            if (!GamJson.TryGetScalar(attribute, "Id", out var id, out _))
            {
                continue;
            }

            var type = GamClaimTypes.Attribute(id);
            if (GamJson.TryGetProperty(attribute, "MultiValues", out var multi) && multi.ValueKind == JsonValueKind.Array)
            {
                AddEach(multi, type, identity, issuer);
            }
            else if (GamJson.TryGetProperty(attribute, "Value", out var value))
            {
                if (value.ValueKind == JsonValueKind.Array)
                {
                    AddEach(value, type, identity, issuer);
                }
                else if (GamJson.TryGetText(value, out var text, out var valueType))
                {
                    identity.AddClaim(new Claim(type, text, valueType ?? ValueType, issuer));
                }
            }
        }
    }

    private void AddEach(JsonElement values, string type, ClaimsIdentity identity, string issuer)
    {
        foreach (var entry in values.EnumerateArray())
        {
            // Entries are either plain values or {Id, Value} objects.
            var source = entry.ValueKind == JsonValueKind.Object && GamJson.TryGetProperty(entry, "Value", out var inner) ? inner : entry;
            if (source.ValueKind != JsonValueKind.Object && GamJson.TryGetText(source, out var text, out var valueType))
            {
                identity.AddClaim(new Claim(type, text, valueType ?? ValueType, issuer));
            }
        }
    }
}
