using System.Globalization;
using System.Text.Json;

namespace GamAuthentication.Tokens;

/// <summary>
/// A token issued by GAM. <see cref="ToString"/> never shows the access or refresh token, so a token can be
/// logged or put in an exception message safely.
/// </summary>
public sealed class GamToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="accessToken">The opaque access token.</param>
    /// <param name="tokenType">The token type GAM reported (normally <c>Bearer</c>).</param>
    /// <param name="expiresAt">When the access token expires; null when GAM said it never expires (<c>expires_in: 0</c>).</param>
    /// <param name="refreshToken">The refresh token; null when GAM issued none (<c>refresh_token: ""</c>).</param>
    /// <param name="scopes">The granted scopes.</param>
    /// <param name="userGuid">The user's GAM GUID, when GAM sent one.</param>
    public GamToken(string accessToken, string tokenType, DateTimeOffset? expiresAt, string? refreshToken, IReadOnlyList<string> scopes, string? userGuid)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        ArgumentNullException.ThrowIfNull(scopes);
        AccessToken = accessToken;
        TokenType = string.IsNullOrEmpty(tokenType) ? "Bearer" : tokenType;
        ExpiresAt = expiresAt;
        RefreshToken = string.IsNullOrEmpty(refreshToken) ? null : refreshToken;
        Scopes = scopes;
        UserGuid = string.IsNullOrEmpty(userGuid) ? null : userGuid;
    }

    /// <summary>The opaque access token. Never log it.</summary>
    public string AccessToken { get; }

    /// <summary>The token type GAM reported, normally <c>Bearer</c>.</summary>
    public string TokenType { get; }

    /// <summary>When the access token expires; null when GAM said it never expires (<c>expires_in: 0</c>).</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The refresh token; null when GAM issued none (GAM issues one only when its policy allows renewals).</summary>
    public string? RefreshToken { get; }

    /// <summary>The granted scopes (GAM joins them with <c>+</c>).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The user's GAM GUID (<c>user_guid</c>), when GAM sent one.</summary>
    public string? UserGuid { get; }

    /// <summary>The OpenID Connect id_token of the response, when the provider sent one (GAM does not). Never log it.</summary>
    public string? IdToken { get; init; }

    /// <summary>
    /// When the token was requested, the start of its lifetime, when known: the refresh of a user's token starts no more
    /// than half the lifetime before <see cref="ExpiresAt"/>.
    /// </summary>
    public DateTimeOffset? RequestedAt { get; init; }

    /// <summary>
    /// A short, stable, non-reversible name for a token: the first 8 base64url characters of its SHA-256, the same
    /// name the library's log lines use. Safe to log and show, e.g. to tell an old token from its refresh.
    /// </summary>
    /// <param name="token">An access or refresh token.</param>
    /// <returns>8 characters.</returns>
    public static string Fingerprint(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return Protocol.GamTokenHash.Compute(token).ShortId();
    }

    /// <summary>True when the access token has expired at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>True when expired; false for tokens that never expire.</returns>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"GAM token (type {TokenType}, expires {(ExpiresAt is { } e ? e.ToString("o", CultureInfo.InvariantCulture) : "never")}, refresh token {(RefreshToken is null ? "no" : "yes")}, scopes {string.Join(' ', Scopes)})");

    /// <summary>Reads a token response. Returns null when there is no usable <c>access_token</c>.</summary>
    internal static GamToken? FromResponse(JsonElement root, DateTimeOffset issuedAt)
    {
        if (root.ValueKind != JsonValueKind.Object || ReadString(root, "access_token") is not { Length: > 0 } accessToken)
        {
            return null;
        }

        DateTimeOffset? expiresAt = null;
        if (ReadSeconds(root, "expires_in") is { } seconds && seconds > 0)
        {
            expiresAt = issuedAt.AddSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(3650).TotalSeconds));
        }

        return new GamToken(
            accessToken,
            ReadString(root, "token_type") ?? "Bearer",
            expiresAt,
            ReadString(root, "refresh_token"),
            SplitScopes(ReadString(root, "scope")),
            ReadString(root, "user_guid"))
        {
            RequestedAt = issuedAt,
            IdToken = ReadString(root, "id_token") is { Length: > 0 } idToken ? idToken : null,
        };
    }

    /// <summary>Splits GAM's granted scopes: <c>+</c>-joined, tolerating spaces.</summary>
    internal static IReadOnlyList<string> SplitScopes(string? scope) =>
        string.IsNullOrWhiteSpace(scope)
            ? []
            : scope.Split(['+', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? ReadSeconds(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.Number when value.TryGetDouble(out var d) => (long)d,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }
}
