using System.Globalization;
using System.Text.Json;
using GamAuthentication.Tokens;

namespace GamAuthentication.StackExchangeRedis.Refresh;

/// <summary>
/// A refreshed <see cref="GamToken"/> as the bytes the other instances read back (before Data Protection protects them:
/// the tokens are secrets, and a reader believes only what verifies).
/// </summary>
internal static class GamRefreshResultFormat
{
    public static byte[] Write(GamToken token)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("access_token", token.AccessToken);
            json.WriteString("token_type", token.TokenType);
            WriteOptional(json, "refresh_token", token.RefreshToken);
            WriteOptional(json, "user_guid", token.UserGuid);
            WriteOptional(json, "id_token", token.IdToken);
            WriteOptional(json, "expires_at", Instant(token.ExpiresAt));
            WriteOptional(json, "requested_at", Instant(token.RequestedAt));
            json.WriteStartArray("scopes");
            foreach (var scope in token.Scopes)
            {
                json.WriteStringValue(scope);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <exception cref="JsonException">Not a token this format wrote.</exception>
    public static GamToken Read(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var accessToken = String(root, "access_token") ?? throw new JsonException("no access_token");
        var scopes = root.TryGetProperty("scopes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.GetString() ?? string.Empty).Where(s => s.Length > 0).ToArray()
            : [];
        return new GamToken(accessToken, String(root, "token_type") ?? "Bearer", ParseInstant(String(root, "expires_at")), String(root, "refresh_token"), scopes, String(root, "user_guid"))
        {
            IdToken = String(root, "id_token"),
            RequestedAt = ParseInstant(String(root, "requested_at")),
        };
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? Instant(DateTimeOffset? value) => value?.ToString("o", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseInstant(string? value) =>
        value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
