using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>Writes and reads RS256-signed JWTs in compact serialization (RFC 7515 / 7519).</summary>
internal static class CompactJwt
{
    public static string Create(SigningKey key, string keyId, JsonObject payload)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" }.ToJsonString(JsonResponse.SerializerOptions);
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." +
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString(JsonResponse.SerializerOptions)));
        return signingInput + "." + Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// The payload of a JWT whose RS256 signature verifies with the key <paramref name="keyFor"/> returns for
    /// its <c>kid</c>; <see langword="null"/> for anything else. Expiry is not checked.
    /// </summary>
    public static JsonObject? Read(string jwt, Func<string, SigningKey?> keyFor)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "RS256" || header["kid"]?.GetValue<string>() is not { } keyId || keyFor(keyId) is not { } key)
            {
                return null;
            }

            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature))
            {
                return null;
            }

            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The OpenID Connect <c>at_hash</c>: base64url of the left half of SHA-256 over the access token.</summary>
    public static string AccessTokenHash(string accessToken)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        return Base64Url.EncodeToString(hash.AsSpan(0, hash.Length / 2));
    }
}
