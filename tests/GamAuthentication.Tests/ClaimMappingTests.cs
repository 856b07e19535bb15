using System.Security.Claims;
using System.Text.Json;
using GamAuthentication.Claims;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Authentication;

namespace GamAuthentication.Tests;

/// <summary>
/// The one GAM claim map (<c>GamOptions.ClaimActions</c>, i.e. <c>MapGamUserInfo()</c>) applied to the userinfo
/// of every documented sample and to the shapes of docs/gam-protocol.md#userinfo. One row per field; an empty expectation means
/// "no claim of this type".
/// </summary>
public sealed class ClaimMappingTests
{
    private const string Seed000 = nameof(UserInfoSamples.Seed000GlobantEnterpriseAI);
    private const string Seed001 = nameof(UserInfoSamples.Seed001RestIdp);
    private const string Seed002 = nameof(UserInfoSamples.Seed002WebIdp);
    private const string Seed003 = nameof(UserInfoSamples.Seed003ApiKey);
    private const string Seed004 = nameof(UserInfoSamples.Seed004OneLogin);
    private const string Hidden = nameof(UserInfoSamples.HiddenUserIdsWithAttributes);
    private const string Sub = nameof(UserInfoSamples.SubWithoutGuid);
    private const string SubAndGuid = nameof(UserInfoSamples.SubAndGuid);
    private const string Oidc = nameof(UserInfoSamples.OidcStandardClaims);

    internal static ClaimsIdentity Map(string json, GamOptions? options = null, string issuer = "Gam")
    {
        options ??= new GamOptions();
        using var document = JsonDocument.Parse(json);
        var identity = new ClaimsIdentity(issuer);
        foreach (var action in options.ClaimActions)
        {
            action.Run(document.RootElement, identity, issuer);
        }

        return identity;
    }

    private static string[] Values(ClaimsIdentity identity, string type) =>
        identity.Claims.Where(c => c.Type == type).Select(c => c.Value).ToArray();

    public static TheoryData<string, string, string[]> Fields => new()
    {
        // Seed 000, Globant Enterprise AI: guid wins over sub; every documented field maps.
        { Seed000, ClaimTypes.NameIdentifier, ["string"] },
        { Seed000, ClaimTypes.Name, ["string"] },
        { Seed000, GamClaimTypes.UserGuid, ["string"] },
        { Seed000, GamClaimTypes.Subject, ["string"] },
        { Seed000, ClaimTypes.Email, ["string"] },
        { Seed000, GamClaimTypes.EmailVerified, ["true"] },
        { Seed000, ClaimTypes.GivenName, ["string"] },
        { Seed000, ClaimTypes.Surname, ["string"] },
        { Seed000, GamClaimTypes.FullName, ["string string"] },
        { Seed000, GamClaimTypes.ExternalId, ["string"] },
        { Seed000, ClaimTypes.DateOfBirth, ["string"] },
        { Seed000, ClaimTypes.Gender, ["string"] },
        { Seed000, GamClaimTypes.Picture, ["string"] },
        { Seed000, ClaimTypes.Webpage, ["string"] },
        { Seed000, ClaimTypes.MobilePhone, ["string"] },
        { Seed000, ClaimTypes.StreetAddress, ["string"] },
        { Seed000, ClaimTypes.Locality, ["string"] },
        { Seed000, ClaimTypes.StateOrProvince, ["string"] },
        { Seed000, ClaimTypes.PostalCode, ["string"] },
        { Seed000, GamClaimTypes.Language, ["string"] },
        { Seed000, GamClaimTypes.TimeZone, ["string"] },
        { Seed000, ClaimTypes.Role, ["string"] },
        { Seed000, GamClaimTypes.CustomInfo, [] },
        { Seed000, GamClaimTypes.ApplicationData, [] },

        // Seed 001, REST IdP: empty strings (email, external_id, url_profile, application_data, CustomInfo) give no claim.
        { Seed001, ClaimTypes.NameIdentifier, ["492c664b-8831-4efb-8618-0c8e86e75446"] },
        { Seed001, ClaimTypes.Name, ["admin"] },
        { Seed001, GamClaimTypes.UserGuid, ["492c664b-8831-4efb-8618-0c8e86e75446"] },
        { Seed001, GamClaimTypes.Subject, [] },
        { Seed001, ClaimTypes.Email, [] },
        { Seed001, GamClaimTypes.EmailVerified, ["true"] },
        { Seed001, ClaimTypes.GivenName, ["Administrator"] },
        { Seed001, ClaimTypes.Surname, ["User"] },
        { Seed001, GamClaimTypes.FullName, ["Administrator User"] },
        { Seed001, GamClaimTypes.ExternalId, [] },
        { Seed001, ClaimTypes.DateOfBirth, ["2000-01-01"] },
        { Seed001, ClaimTypes.Gender, ["N"] },
        { Seed001, GamClaimTypes.Picture, ["https://"] },
        { Seed001, ClaimTypes.Webpage, [] },
        { Seed001, ClaimTypes.MobilePhone, ["+598"] },
        { Seed001, ClaimTypes.StreetAddress, ["."] },
        { Seed001, ClaimTypes.Locality, ["."] },
        { Seed001, ClaimTypes.StateOrProvince, ["."] },
        { Seed001, ClaimTypes.PostalCode, ["."] },
        { Seed001, GamClaimTypes.Language, ["Eng"] },
        { Seed001, GamClaimTypes.TimeZone, ["."] },
        { Seed001, GamClaimTypes.ApplicationData, [] },
        { Seed001, GamClaimTypes.CustomInfo, [] },
        { Seed001, ClaimTypes.Role, ["is_gam_administrator"] },

        // Seed 002, Web IdP.
        { Seed002, ClaimTypes.NameIdentifier, ["139f4332-3f40-47b0-8fb4-ee7b3dbddc4f"] },
        { Seed002, ClaimTypes.Name, ["user"] },
        { Seed002, GamClaimTypes.UserGuid, ["139f4332-3f40-47b0-8fb4-ee7b3dbddc4f"] },
        { Seed002, ClaimTypes.Email, ["user@example.com"] },
        { Seed002, GamClaimTypes.EmailVerified, ["true"] },
        { Seed002, ClaimTypes.GivenName, ["user"] },
        { Seed002, ClaimTypes.Surname, ["User"] },
        { Seed002, GamClaimTypes.FullName, ["user User"] },
        { Seed002, GamClaimTypes.ExternalId, [] },
        { Seed002, ClaimTypes.DateOfBirth, ["2000-01-01"] },
        { Seed002, ClaimTypes.Gender, ["N"] },
        { Seed002, GamClaimTypes.Picture, ["https://"] },
        { Seed002, ClaimTypes.Webpage, [] },
        { Seed002, ClaimTypes.MobilePhone, ["+598"] },
        { Seed002, ClaimTypes.StreetAddress, ["."] },
        { Seed002, ClaimTypes.Locality, ["."] },
        { Seed002, ClaimTypes.StateOrProvince, ["."] },
        { Seed002, ClaimTypes.PostalCode, ["."] },
        { Seed002, GamClaimTypes.Language, ["Eng"] },
        { Seed002, GamClaimTypes.TimeZone, ["."] },
        { Seed002, GamClaimTypes.CustomInfo, [] },
        { Seed002, ClaimTypes.Role, [] },

        // Seed 003, API key with user_* scopes: no guid and no sub, so the subject is external_id.
        { Seed003, ClaimTypes.NameIdentifier, ["12a938b7123zg98"] },
        { Seed003, GamClaimTypes.UserGuid, [] },
        { Seed003, ClaimTypes.Name, [] },
        { Seed003, ClaimTypes.Email, ["userapikey@mail.com"] },
        { Seed003, GamClaimTypes.EmailVerified, ["true"] },
        { Seed003, ClaimTypes.GivenName, ["user"] },
        { Seed003, ClaimTypes.Surname, [] },
        { Seed003, GamClaimTypes.FullName, ["user"] },
        { Seed003, GamClaimTypes.ExternalId, ["12a938b7123zg98"] },
        { Seed003, ClaimTypes.Role, [] },

        // Seed 004, OneLogin (OIDC names): sub, preferred_username, name, given/family_name, groups, numeric updated_at.
        { Seed004, ClaimTypes.NameIdentifier, ["32916209"] },
        { Seed004, GamClaimTypes.UserGuid, [] },
        { Seed004, GamClaimTypes.Subject, ["32916209"] },
        { Seed004, ClaimTypes.Name, ["peggy.sue"] },
        { Seed004, ClaimTypes.Email, ["peggy.sue@onelogin.com"] },
        { Seed004, GamClaimTypes.EmailVerified, [] },
        { Seed004, ClaimTypes.GivenName, ["Peggy"] },
        { Seed004, ClaimTypes.Surname, ["Sue"] },
        { Seed004, GamClaimTypes.FullName, ["Peggy Sue"] },
        { Seed004, GamClaimTypes.UpdatedAt, ["1590019767000"] },
        { Seed004, ClaimTypes.Role, ["Admin Role", "User Role", "Custom Roll"] },

        // "Do not share user IDs": empty guid, so the subject is external_id; lower-case custominfo; attributes.
        { Hidden, ClaimTypes.NameIdentifier, ["9d2f4c1e-5b7a-4e8f-a3c6-0b1d2e3f4a5b"] },
        { Hidden, GamClaimTypes.UserGuid, [] },
        { Hidden, GamClaimTypes.ExternalId, ["9d2f4c1e-5b7a-4e8f-a3c6-0b1d2e3f4a5b"] },
        { Hidden, ClaimTypes.Name, ["jdoe"] },
        { Hidden, GamClaimTypes.EmailVerified, ["false"] },
        { Hidden, ClaimTypes.GivenName, [] },
        { Hidden, ClaimTypes.Surname, [] },
        { Hidden, GamClaimTypes.FullName, [] },
        { Hidden, GamClaimTypes.CustomInfo, ["{\"City\":\"Canelones\",\"Country\":\"Uruguay\"}"] },
        { Hidden, GamClaimTypes.ApplicationData, ["{\"Theme\":\"dark\",\"Tenant\":42}"] },
        { Hidden, GamClaimTypes.InitialProperties, ["[ { \"Id\": \"Company\", \"Value\": \"GeneXus\" }, { \"Id\": \"Branch\", \"Value\": \"Uruguay\" } ]"] },
        { Hidden, ClaimTypes.Role, ["is_gam_administrator", "Sales"] },
        { Hidden, GamClaimTypes.Attribute("EmployeeID"), ["123100"] },
        { Hidden, GamClaimTypes.Attribute("Office"), ["Montevideo", "Canelones"] },
        { Hidden, GamClaimTypes.Attribute("Skills"), ["GeneXus", "C#"] },
        { Hidden, GamClaimTypes.Attribute("Badge"), [] },
        { Hidden, GamClaimTypes.AttributePrefix, [] },

        // GEAI without guid: the subject is sub; CustomInfo as an embedded object is kept as its JSON text.
        { Sub, ClaimTypes.NameIdentifier, ["geai-user-7731"] },
        { Sub, GamClaimTypes.UserGuid, [] },
        { Sub, GamClaimTypes.Subject, ["geai-user-7731"] },
        { Sub, GamClaimTypes.ExternalId, ["ana-ext"] },
        { Sub, GamClaimTypes.CustomInfo, ["{ \"Plan\": \"Enterprise\", \"Seats\": 12 }"] },
        { Sub, GamClaimTypes.UpdatedAt, ["2025-08-01T10:00:00Z"] },
        { Sub, ClaimTypes.Role, ["Analyst"] },

        // OpenID Connect Core §5.1, one row per standard claim; address (§5.1.1) is an object whose members are claims.
        { Oidc, ClaimTypes.NameIdentifier, ["248289761001"] },
        { Oidc, GamClaimTypes.Subject, ["248289761001"] },
        { Oidc, GamClaimTypes.FullName, ["Jane Q. Doe"] },
        { Oidc, ClaimTypes.GivenName, ["Jane"] },
        { Oidc, ClaimTypes.Surname, ["Doe"] },
        { Oidc, GamClaimTypes.MiddleName, ["Quinn"] },
        { Oidc, GamClaimTypes.Nickname, ["JD"] },
        { Oidc, ClaimTypes.Name, ["j.doe"] },
        { Oidc, ClaimTypes.Webpage, ["https://example.com/people/j.doe"] },
        { Oidc, GamClaimTypes.Picture, ["https://example.com/j.doe.jpg"] },
        { Oidc, GamClaimTypes.Website, ["https://janedoe.example.org"] },
        { Oidc, ClaimTypes.Email, ["janedoe@example.com"] },
        { Oidc, GamClaimTypes.EmailVerified, ["true"] },
        { Oidc, ClaimTypes.Gender, ["female"] },
        { Oidc, ClaimTypes.DateOfBirth, ["1990-04-01"] },
        { Oidc, GamClaimTypes.TimeZone, ["America/Montevideo"] },
        { Oidc, GamClaimTypes.Language, ["es-UY"] },
        { Oidc, ClaimTypes.MobilePhone, ["+598 2 123 4567"] },
        { Oidc, GamClaimTypes.PhoneNumberVerified, ["false"] },
        { Oidc, ClaimTypes.StreetAddress, ["Av. Italia 6201"] },
        { Oidc, ClaimTypes.Locality, ["Montevideo"] },
        { Oidc, ClaimTypes.StateOrProvince, ["Montevideo"] },
        { Oidc, ClaimTypes.PostalCode, ["11500"] },
        { Oidc, ClaimTypes.Country, ["Uruguay"] },
        { Oidc, GamClaimTypes.FormattedAddress, ["Av. Italia 6201\nMontevideo 11500\nUruguay"] },
        { Oidc, GamClaimTypes.UpdatedAt, ["1735689600"] },

        // GAM's address is a string and stays one claim; GAM's city beats an OIDC locality.
        { Seed001, ClaimTypes.Country, [] },
        { Seed001, GamClaimTypes.FormattedAddress, [] },

        // Both identifiers: the subject stays guid (as documented) and sub is not lost.
        { SubAndGuid, ClaimTypes.NameIdentifier, ["6f1c2e7a-9b3d-4c5e-8f70-1a2b3c4d5e6f"] },
        { SubAndGuid, GamClaimTypes.UserGuid, ["6f1c2e7a-9b3d-4c5e-8f70-1a2b3c4d5e6f"] },
        { SubAndGuid, GamClaimTypes.Subject, ["geai|7731"] },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Userinfo_field_maps_to_its_claim(string sample, string claimType, string[] expected)
    {
        var identity = Map(UserInfoSamples.ByName[sample]);

        Assert.Equal(expected, Values(identity, claimType));
    }

    [Theory]
    [InlineData(Seed002, GamClaimTypes.EmailVerified, ClaimValueTypes.Boolean)]
    [InlineData(Hidden, GamClaimTypes.EmailVerified, ClaimValueTypes.Boolean)]
    [InlineData(Seed004, GamClaimTypes.UpdatedAt, ClaimValueTypes.Integer64)]
    [InlineData(Sub, GamClaimTypes.UpdatedAt, ClaimValueTypes.String)]
    [InlineData(Oidc, GamClaimTypes.PhoneNumberVerified, ClaimValueTypes.Boolean)]
    [InlineData(Oidc, GamClaimTypes.EmailVerified, ClaimValueTypes.Boolean)]
    [InlineData(Oidc, ClaimTypes.Country, ClaimValueTypes.String)]
    [InlineData(Seed002, ClaimTypes.NameIdentifier, ClaimValueTypes.String)]
    [InlineData(Seed002, ClaimTypes.Email, ClaimValueTypes.String)]
    [InlineData(Seed001, ClaimTypes.Role, ClaimValueTypes.String)]
    [InlineData(Hidden, GamClaimTypes.CustomInfo, ClaimValueTypes.String)]
    [InlineData(Hidden, GamClaimTypes.InitialProperties, ClaimValueTypes.String)]
    public void Claim_carries_the_value_type_of_its_json_value(string sample, string claimType, string valueType)
    {
        var identity = Map(UserInfoSamples.ByName[sample]);

        Assert.All(identity.Claims.Where(c => c.Type == claimType), c => Assert.Equal(valueType, c.ValueType));
        Assert.Contains(identity.Claims, c => c.Type == claimType);
    }

    [Theory]
    [InlineData("CustomInfo")]
    [InlineData("custominfo")]
    [InlineData("CUSTOMINFO")]
    public void CustomInfo_is_read_in_any_casing_and_kept_as_json_text(string key)
    {
        var identity = Map($$"""{"guid":"g","{{key}}":"{\"City\":\"Canelones\"}"}""");

        var customInfo = Assert.Single(Values(identity, GamClaimTypes.CustomInfo));
        Assert.Equal("Canelones", JsonDocument.Parse(customInfo).RootElement.GetProperty("City").GetString());
    }

    [Theory]
    [InlineData("""{"guid":"","sub":"s-1","external_id":"e-1"}""", "s-1")]
    [InlineData("""{"guid":"","external_id":"e-1"}""", "e-1")]
    [InlineData("""{"guid":"   ","external_id":"e-1"}""", "e-1")]
    [InlineData("""{"guid":null,"external_id":"e-1"}""", "e-1")]
    [InlineData("""{"sub":"s-1","external_id":"e-1"}""", "s-1")]
    [InlineData("""{"guid":"g-1","sub":"s-1","external_id":"e-1"}""", "g-1")]
    public void Subject_is_guid_then_sub_then_external_id(string json, string subject)
    {
        var identity = Map(json);

        Assert.Equal([subject], Values(identity, ClaimTypes.NameIdentifier));
    }

    [Fact]
    public void Empty_strings_nulls_and_whitespace_produce_no_claims()
    {
        var identity = Map("""
            {"guid":"g","username":"","email":null,"first_name":"  ","last_name":"","phone":"","address":"",
             "city":"","state":"","post_code":"","language":"","timezone":"","url_image":"","url_profile":"",
             "birthday":"","gender":"","external_id":"","CustomInfo":"","application_data":"","roles":[],"attributes":[]}
            """);

        Assert.Equal([ClaimTypes.NameIdentifier, GamClaimTypes.UserGuid], identity.Claims.Select(c => c.Type));
    }

    [Theory]
    [InlineData(Seed001, "is_gam_administrator")]
    [InlineData(Seed004, "Admin Role")]
    [InlineData(Seed004, "Custom Roll")]
    [InlineData(Hidden, "Sales")]
    public void Roles_and_groups_make_IsInRole_true(string sample, string role)
    {
        var principal = new ClaimsPrincipal(Map(UserInfoSamples.ByName[sample]));

        Assert.True(principal.IsInRole(role));
        Assert.False(principal.IsInRole("not-a-role"));
    }

    [Fact]
    public void An_address_object_fills_the_claims_a_gam_field_left_empty()
    {
        var identity = Map("""{"guid":"g","city":"Canelones","address":{"locality":"Montevideo","country":"Uruguay"}}""");

        Assert.Equal(["Canelones"], Values(identity, ClaimTypes.Locality));
        Assert.Equal(["Uruguay"], Values(identity, ClaimTypes.Country));
        Assert.Empty(Values(identity, ClaimTypes.StreetAddress));
    }

    [Fact]
    public void Name_claim_is_the_identity_name()
    {
        Assert.Equal("user", Map(UserInfoSamples.Seed002WebIdp).Name);
        Assert.Equal("peggy.sue", Map(UserInfoSamples.Seed004OneLogin).Name);
    }

    [Fact]
    public void Scalar_fields_never_give_two_claims_of_one_type()
    {
        foreach (var sample in UserInfoSamples.ByName.Values)
        {
            var identity = Map(sample);
            var repeated = identity.Claims
                .Where(c => c.Type != ClaimTypes.Role && !c.Type.StartsWith(GamClaimTypes.AttributePrefix, StringComparison.Ordinal))
                .GroupBy(c => c.Type)
                .Where(g => g.Count() > 1)
                .Select(g => g.Key);
            Assert.Empty(repeated);
        }
    }

    [Fact]
    public void Every_claim_gets_the_given_issuer()
    {
        var identity = Map(UserInfoSamples.HiddenUserIdsWithAttributes, issuer: "CorpGam");

        Assert.NotEmpty(identity.Claims);
        Assert.All(identity.Claims, c => Assert.Equal("CorpGam", c.Issuer));
    }

    [Fact]
    public void Json_text_claims_round_trip_to_the_original_json()
    {
        var identity = Map(UserInfoSamples.HiddenUserIdsWithAttributes);

        var properties = JsonDocument.Parse(Assert.Single(Values(identity, GamClaimTypes.InitialProperties))).RootElement;
        Assert.Equal(["GeneXus", "Uruguay"], properties.EnumerateArray().Select(p => p.GetProperty("Value").GetString()));
        var appData = JsonDocument.Parse(Assert.Single(Values(identity, GamClaimTypes.ApplicationData))).RootElement;
        Assert.Equal(42, appData.GetProperty("Tenant").GetInt32());
    }

    // ---- Users change the map through ClaimActions ----------------------------------------------

    [Fact]
    public void DeleteClaim_removes_a_field_from_the_map()
    {
        var options = new GamOptions();
        options.ClaimActions.DeleteClaim(ClaimTypes.Email);

        var identity = Map(UserInfoSamples.Seed002WebIdp, options);

        Assert.Empty(Values(identity, ClaimTypes.Email));
        Assert.Equal(["user"], Values(identity, ClaimTypes.Name));
    }

    [Fact]
    public void DeleteClaim_of_the_role_type_removes_both_roles_and_groups()
    {
        var options = new GamOptions();
        options.ClaimActions.DeleteClaim(ClaimTypes.Role);

        Assert.Empty(Values(Map(UserInfoSamples.Seed001RestIdp, options), ClaimTypes.Role));
        Assert.Empty(Values(Map(UserInfoSamples.Seed004OneLogin, options), ClaimTypes.Role));
    }

    [Fact]
    public void DeleteClaim_of_one_attribute_type_removes_only_that_attribute()
    {
        var options = new GamOptions();
        options.ClaimActions.DeleteClaim(GamClaimTypes.Attribute("Office"));

        var identity = Map(UserInfoSamples.HiddenUserIdsWithAttributes, options);

        Assert.Empty(Values(identity, GamClaimTypes.Attribute("Office")));
        Assert.Equal(["123100"], Values(identity, GamClaimTypes.Attribute("EmployeeID")));
    }

    [Fact]
    public void Remove_of_the_attribute_prefix_removes_the_attributes_action()
    {
        var options = new GamOptions();
        options.ClaimActions.Remove(GamClaimTypes.AttributePrefix);

        var identity = Map(UserInfoSamples.HiddenUserIdsWithAttributes, options);

        Assert.DoesNotContain(identity.Claims, c => c.Type.StartsWith(GamClaimTypes.AttributePrefix, StringComparison.Ordinal));
        Assert.Equal(["jdoe"], Values(identity, ClaimTypes.Name));
    }

    [Fact]
    public void Remove_of_a_claim_type_removes_its_actions_so_MapJsonKey_can_replace_them()
    {
        var options = new GamOptions();
        options.ClaimActions.Remove(ClaimTypes.Role);
        options.ClaimActions.MapJsonKey(ClaimTypes.Role, "groups");

        Assert.Empty(Values(Map(UserInfoSamples.Seed001RestIdp, options), ClaimTypes.Role));
        Assert.Equal(["Admin Role", "User Role", "Custom Roll"], Values(Map(UserInfoSamples.Seed004OneLogin, options), ClaimTypes.Role));
    }

    [Fact]
    public void DeleteClaim_then_MapJsonKey_replaces_where_a_claim_comes_from()
    {
        var options = new GamOptions();
        options.ClaimActions.DeleteClaim(ClaimTypes.NameIdentifier);
        options.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "external_id");

        var identity = Map("""{"guid":"g-1","external_id":"e-1"}""", options);

        Assert.Equal(["e-1"], Values(identity, ClaimTypes.NameIdentifier));
        Assert.Equal(["g-1"], Values(identity, GamClaimTypes.UserGuid));
    }

    [Fact]
    public void MapJsonKey_adds_a_claim_for_a_field_the_map_does_not_know()
    {
        var options = new GamOptions();
        options.ClaimActions.MapJsonKey("urn:test:department", "department");

        var identity = Map("""{"guid":"g","department":"Sales"}""", options);

        Assert.Equal(["Sales"], Values(identity, "urn:test:department"));
    }

    [Fact]
    public void Clear_leaves_no_claims_and_MapGamUserInfo_restores_the_map()
    {
        var options = new GamOptions();
        options.ClaimActions.Clear();
        Assert.Empty(Map(UserInfoSamples.Seed002WebIdp, options).Claims);

        options.ClaimActions.MapGamUserInfo();
        var restored = Map(UserInfoSamples.Seed002WebIdp, options).Claims.Select(c => (c.Type, c.Value));
        var original = Map(UserInfoSamples.Seed002WebIdp).Claims.Select(c => (c.Type, c.Value));
        Assert.Equal(original, restored);
    }
}
