using System.Text.Json.Nodes;
using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>A user's OpenID Connect standard claims (OIDC Core §5.1), filtered by the granted scopes (§5.4).</summary>
internal static class OpenIdConnectClaims
{
    /// <summary>The scopes with a meaning here; <c>groups</c> carries the user's roles, as OneLogin does.</summary>
    public static readonly string[] Scopes = ["openid", "profile", "email", "phone", "address", "groups"];

    public static readonly string[] Supported =
    [
        "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sid",
        "name", "given_name", "family_name", "preferred_username", "profile", "picture", "website", "gender",
        "birthdate", "zoneinfo", "locale", "updated_at", "email", "email_verified", "phone_number",
        "phone_number_verified", "address", "groups",
    ];

    /// <summary>
    /// The userinfo object: <c>{}</c> when no scope was granted; <c>sub</c> with <c>openid</c>; empty values are
    /// left out rather than sent as <c>""</c> (OIDC Core §5.3.2).
    /// </summary>
    public static JsonObject UserInfo(GamEmulatorUser user, ScopeGrant grant, DateTimeOffset defaultUpdatedAt)
    {
        var claims = new JsonObject();
        if (grant.Has("openid"))
        {
            claims["sub"] = user.Guid;
        }

        if (grant.Has("profile"))
        {
            Add(claims, "name", $"{user.FirstName} {user.LastName}".Trim());
            Add(claims, "given_name", user.FirstName);
            Add(claims, "family_name", user.LastName);
            Add(claims, "preferred_username", user.UserName);
            Add(claims, "profile", user.UrlProfile);
            Add(claims, "picture", user.UrlImage);
            Add(claims, "website", user.Website);
            Add(claims, "gender", Gender(user.Gender));
            Add(claims, "birthdate", user.Birthday);
            Add(claims, "zoneinfo", user.Timezone);
            Add(claims, "locale", user.Language);
            claims["updated_at"] = (user.UpdatedAt ?? defaultUpdatedAt).ToUnixTimeSeconds();
        }

        if (grant.Has("email") && !string.IsNullOrEmpty(user.Email))
        {
            claims["email"] = user.Email;
            claims["email_verified"] = user.EmailVerified;
        }

        if (grant.Has("phone") && !string.IsNullOrEmpty(user.Phone))
        {
            claims["phone_number"] = user.Phone;
            claims["phone_number_verified"] = user.PhoneNumberVerified;
        }

        if (grant.Has("address") && Address(user) is { } address)
        {
            claims["address"] = address;
        }

        if (grant.Has("groups"))
        {
            var groups = new JsonArray();
            foreach (var role in user.Roles ?? [])
            {
                groups.Add(role);
            }

            claims["groups"] = groups;
        }

        return claims;
    }

    private static void Add(JsonObject claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }

    /// <summary>GAM's <c>M</c>/<c>F</c> become OIDC's <c>male</c>/<c>female</c>; <c>N</c> (not said) is left out.</summary>
    private static string? Gender(string? gamGender) => gamGender?.Trim().ToUpperInvariant() switch
    {
        "M" => "male",
        "F" => "female",
        null or "" or "N" => null,
        _ => gamGender,
    };

    /// <summary>The address claim (OpenID Connect Core §5.1.1) from the GAM address fields, or <see langword="null"/> when all are empty.</summary>
    private static JsonObject? Address(GamEmulatorUser user)
    {
        var address = new JsonObject();
        Add(address, "street_address", user.Address);
        Add(address, "locality", user.City);
        Add(address, "region", user.State);
        Add(address, "postal_code", user.PostCode);
        Add(address, "country", user.Country);
        if (address.Count == 0)
        {
            return null;
        }

        var cityLine = string.Join(' ', new[] { user.PostCode, user.City, user.State }.Where(p => !string.IsNullOrEmpty(p)));
        var lines = new[] { user.Address, cityLine, user.Country }.Where(l => !string.IsNullOrEmpty(l));
        address.Insert(0, "formatted", string.Join('\n', lines));
        return address;
    }
}
