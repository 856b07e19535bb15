using System.Buffers.Text;
using System.Text.Json;

namespace GamAuthentication.Discovery;

/// <summary>
/// The <c>sub</c> of an id_token the sign-in already validated and saved in the (protected) ticket: read without
/// validating again, to check that a refresh's id_token is about the same user.
/// </summary>
internal static class GamIdTokenSubject
{
    public static string? Read(string? idToken)
    {
        var parts = idToken?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object &&
                payload.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String
                ? sub.GetString()
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
