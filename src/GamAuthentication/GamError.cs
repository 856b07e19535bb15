using System.Text.Json;

namespace GamAuthentication;

/// <summary>
/// An error answered by GAM, in either of the shapes seen in the wild: GAM's envelope
/// <c>{"error":{"code":"103","message":"..."}}</c> or the OAuth shape
/// <c>{"error":"invalid_token","error_description":"..."}</c>.
/// </summary>
/// <param name="Code">GAM's error code (e.g. <c>103</c>) or the OAuth error (e.g. <c>invalid_token</c>).</param>
/// <param name="Message">The message GAM sent (localized by GAM; match on <see cref="Code"/>, never on this).</param>
public sealed record GamError(string Code, string? Message)
{
    /// <summary>Token expired.</summary>
    public const string TokenExpired = "103";

    /// <summary>Token not found.</summary>
    public const string TokenNotFound = "112";

    /// <summary>Invalid token.</summary>
    public const string InvalidToken = "114";

    /// <summary>True when the code says the access token is expired, unknown or invalid (103, 112, 114, invalid_token).</summary>
    public bool IsTokenProblem => Code is TokenExpired or TokenNotFound or InvalidToken or "invalid_token";

    /// <summary>OAuth's <c>invalid_request</c>: the identity provider did not understand the request (our fault, not the token's).</summary>
    internal bool IsInvalidRequest => Code == "invalid_request";

    /// <summary>Reads either error shape from a JSON document's root; null when the JSON is not an error.</summary>
    /// <param name="root">The root element of a GAM response.</param>
    /// <returns>The error, or null.</returns>
    public static GamError? TryRead(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error))
        {
            return null;
        }

        switch (error.ValueKind)
        {
            case JsonValueKind.Object:
                var code = ReadText(error, "code") ?? ReadText(error, "Code") ?? "unknown";
                var message = ReadText(error, "message") ?? ReadText(error, "Message");
                return new GamError(code, message);
            case JsonValueKind.String:
                var text = error.GetString();
                return string.IsNullOrEmpty(text) ? null : new GamError(text, ReadText(root, "error_description"));
            default:
                return null;
        }
    }

    /// <summary>Reads an error from raw bytes; null when they are not a JSON error.</summary>
    /// <param name="body">The response body.</param>
    /// <returns>The error, or null.</returns>
    public static GamError? TryRead(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return TryRead(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Message) ? $"GAM error {Code}" : $"GAM error {Code}: {Message}";

    private static string? ReadText(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;
}
