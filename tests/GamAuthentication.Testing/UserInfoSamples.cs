namespace GamAuthentication.Testing;

/// <summary>
/// Userinfo responses as GAM, Globant Enterprise AI and OneLogin document them (their public documentation, and
/// docs/gam-protocol.md#userinfo), rewritten as valid JSON with the documents' own values. Where a document's sample is
/// malformed (missing commas, trailing commas, a cut-off array) only the syntax was repaired; completions are
/// noted next to the sample.
/// </summary>
public static class UserInfoSamples
{
    /// <summary>Seed 000: Globant Enterprise AI <c>GET /openid/userinfo</c> (every value is the doc's placeholder).</summary>
    public const string Seed000GlobantEnterpriseAI = """
        {
          "sub": "string",
          "guid": "string",
          "username": "string",
          "email": "string",
          "verified_email": true,
          "first_name": "string",
          "last_name": "string",
          "external_id": "string",
          "birthday": "string",
          "gender": "string",
          "url_image": "string",
          "url_profile": "string",
          "phone": "string",
          "address": "string",
          "city": "string",
          "state": "string",
          "post_code": "string",
          "language": "string",
          "timezone": "string",
          "roles": [ "string" ]
        }
        """;

    /// <summary>
    /// Seed 001: GAM REST IdP <c>GET /oauth/gam/v2.0/userinfo</c>. The seed's sample ends inside <c>"roles": [</c>;
    /// the array is completed with GAM's built-in administrator role External ID (docs/gam-protocol.md#userinfo).
    /// </summary>
    public const string Seed001RestIdp = """
        {
          "guid": "492c664b-8831-4efb-8618-0c8e86e75446",
          "username": "admin",
          "email": "",
          "verified_email": true,
          "first_name": "Administrator",
          "last_name": "User",
          "external_id": "",
          "birthday": "2000-01-01",
          "gender": "N",
          "url_image": "https://",
          "url_profile": "",
          "phone": "+598",
          "address": ".",
          "city": ".",
          "state": ".",
          "post_code": ".",
          "language": "Eng",
          "timezone": ".",
          "application_data": "",
          "CustomInfo": "",
          "roles": [ "is_gam_administrator" ]
        }
        """;

    /// <summary>Seed 002: GAM Web IdP <c>GET /oauth/gam/userinfo</c>.</summary>
    public const string Seed002WebIdp = """
        {
          "guid": "139f4332-3f40-47b0-8fb4-ee7b3dbddc4f",
          "username": "user",
          "email": "user@example.com",
          "verified_email": true,
          "first_name": "user",
          "last_name": "User",
          "external_id": "",
          "birthday": "2000-01-01",
          "gender": "N",
          "url_image": "https://",
          "url_profile": "",
          "phone": "+598",
          "address": ".",
          "city": ".",
          "state": ".",
          "post_code": ".",
          "language": "Eng",
          "timezone": ".",
          "CustomInfo": ""
        }
        """;

    /// <summary>Seed 003: userinfo of an API-key token with scopes <c>user_email+user_first_name+user_external_id</c> (commas repaired).</summary>
    public const string Seed003ApiKey = """
        {
          "email": "userapikey@mail.com",
          "verified_email": true,
          "first_name": "user",
          "external_id": "12a938b7123zg98"
        }
        """;

    /// <summary>Seed 004: OneLogin <c>/oidc/2/me</c> (OIDC standard names, <c>groups</c>, numeric <c>updated_at</c>).</summary>
    public const string Seed004OneLogin = """
        {
          "sub": "32916209",
          "email": "peggy.sue@onelogin.com",
          "preferred_username": "peggy.sue",
          "name": "Peggy Sue",
          "updated_at": 1590019767000,
          "given_name": "Peggy",
          "family_name": "Sue",
          "groups": [ "Admin Role", "User Role", "Custom Roll" ]
        }
        """;

    /// <summary>
    /// docs/gam-protocol.md#userinfo: an app with "Do not share user IDs" (<c>guid</c> empty, <c>external_id</c> a
    /// per-client GUID), lower-case <c>custominfo</c> holding JSON text (W56035), <c>attributes</c> single- and
    /// multi-valued, <c>application_data</c> and <c>initial_properties</c>, <c>verified_email</c> false.
    /// </summary>
    public const string HiddenUserIdsWithAttributes = """
        {
          "guid": "",
          "username": "jdoe",
          "email": "jdoe@example.com",
          "verified_email": false,
          "first_name": "",
          "last_name": "",
          "external_id": "9d2f4c1e-5b7a-4e8f-a3c6-0b1d2e3f4a5b",
          "custominfo": "{\"City\":\"Canelones\",\"Country\":\"Uruguay\"}",
          "application_data": "{\"Theme\":\"dark\",\"Tenant\":42}",
          "initial_properties": [ { "Id": "Company", "Value": "GeneXus" }, { "Id": "Branch", "Value": "Uruguay" } ],
          "roles": [ "is_gam_administrator", "", "Sales", "Sales" ],
          "attributes": [
            { "Id": "EmployeeID", "IsMultiValue": false, "Value": "123100" },
            { "Id": "Office", "IsMultiValue": true, "MultiValues": [ { "Id": "1", "Value": "Montevideo" }, { "Id": "2", "Value": "Canelones" } ] },
            { "Id": "Skills", "IsMultiValue": true, "Value": [ "GeneXus", "C#" ] },
            { "Id": "Badge", "IsMultiValue": false, "Value": "" },
            { "Id": "", "IsMultiValue": false, "Value": "no id" }
          ]
        }
        """;

    /// <summary>A GEAI-style answer without <c>guid</c>: the subject comes from <c>sub</c>; <c>CustomInfo</c> sent as an embedded object.</summary>
    public const string SubWithoutGuid = """
        {
          "sub": "geai-user-7731",
          "username": "ana",
          "email": "ana@example.com",
          "verified_email": true,
          "external_id": "ana-ext",
          "CustomInfo": { "Plan": "Enterprise", "Seats": 12 },
          "updated_at": "2025-08-01T10:00:00Z",
          "roles": [ "Analyst" ]
        }
        """;

    /// <summary>Both identifiers, with different values: <c>guid</c> stays the subject, <c>sub</c> is kept beside it.</summary>
    public const string SubAndGuid = """
        {
          "sub": "geai|7731",
          "guid": "6f1c2e7a-9b3d-4c5e-8f70-1a2b3c4d5e6f",
          "username": "ana"
        }
        """;

    /// <summary>Every standard claim of OpenID Connect Core §5.1, with <c>address</c> as the §5.1.1 object.</summary>
    public const string OidcStandardClaims = """
        {
          "sub": "248289761001",
          "name": "Jane Q. Doe",
          "given_name": "Jane",
          "family_name": "Doe",
          "middle_name": "Quinn",
          "nickname": "JD",
          "preferred_username": "j.doe",
          "profile": "https://example.com/people/j.doe",
          "picture": "https://example.com/j.doe.jpg",
          "website": "https://janedoe.example.org",
          "email": "janedoe@example.com",
          "email_verified": true,
          "gender": "female",
          "birthdate": "1990-04-01",
          "zoneinfo": "America/Montevideo",
          "locale": "es-UY",
          "phone_number": "+598 2 123 4567",
          "phone_number_verified": false,
          "address": {
            "formatted": "Av. Italia 6201\nMontevideo 11500\nUruguay",
            "street_address": "Av. Italia 6201",
            "locality": "Montevideo",
            "region": "Montevideo",
            "postal_code": "11500",
            "country": "Uruguay"
          },
          "updated_at": 1735689600
        }
        """;

    /// <summary>All samples by name, for Theory rows.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByName = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(Seed000GlobantEnterpriseAI)] = Seed000GlobantEnterpriseAI,
        [nameof(Seed001RestIdp)] = Seed001RestIdp,
        [nameof(Seed002WebIdp)] = Seed002WebIdp,
        [nameof(Seed003ApiKey)] = Seed003ApiKey,
        [nameof(Seed004OneLogin)] = Seed004OneLogin,
        [nameof(HiddenUserIdsWithAttributes)] = HiddenUserIdsWithAttributes,
        [nameof(SubWithoutGuid)] = SubWithoutGuid,
        [nameof(SubAndGuid)] = SubAndGuid,
        [nameof(OidcStandardClaims)] = OidcStandardClaims,
    };
}
