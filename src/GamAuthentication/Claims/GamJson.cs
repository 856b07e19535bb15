using System.Security.Claims;
using System.Text.Json;

namespace GamAuthentication.Claims;

internal static class GamJson
{
    /// <summary>Finds a property by exact name, then ignoring case.</summary>
    public static bool TryGetProperty(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            value = default;
            return false;
        }

        if (obj.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Reads a property as claim text; false for missing, null, empty or whitespace-only values.</summary>
    public static bool TryGetScalar(JsonElement obj, string name, out string value, out string? valueType)
    {
        value = string.Empty;
        valueType = null;
        return TryGetProperty(obj, name, out var element) && TryGetText(element, out value, out valueType);
    }

    /// <summary>Turns a JSON value into claim text. Objects and arrays become their JSON text.</summary>
    public static bool TryGetText(JsonElement element, out string value, out string? valueType)
    {
        valueType = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = element.GetString() ?? string.Empty;
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                value = element.ValueKind == JsonValueKind.True ? "true" : "false";
                valueType = ClaimValueTypes.Boolean;
                break;
            case JsonValueKind.Number:
                value = element.GetRawText();
                valueType = element.TryGetInt64(out _) ? ClaimValueTypes.Integer64 : ClaimValueTypes.Double;
                break;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                value = element.GetRawText();
                break;
            default:
                value = string.Empty;
                return false;
        }

        return !string.IsNullOrWhiteSpace(value);
    }
}
