using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Claims;

/// <summary>The GAM userinfo claim map, shared by the sign-in and bearer handlers.</summary>
public static class GamClaimActionCollectionExtensions
{
    /// <summary>
    /// Adds the claim actions that map every documented GAM, Globant Enterprise AI and OIDC-standard
    /// userinfo field to claims (see the claims table in the README).
    /// </summary>
    /// <remarks>
    /// To change the map: <c>ClaimActions.Remove(type)</c> removes the actions that add a claim type (then
    /// <c>MapJsonKey(type, key)</c> can add a replacement); <c>ClaimActions.DeleteClaim(type)</c> instead adds an
    /// action that deletes the claims of exactly that type after the earlier actions ran. Attribute claims have
    /// one type per attribute (<see cref="GamClaimTypes.Attribute"/>): delete one with
    /// <c>DeleteClaim(GamClaimTypes.Attribute(id))</c>, or drop them all with
    /// <c>Remove(GamClaimTypes.AttributePrefix)</c>; <c>DeleteClaim(GamClaimTypes.AttributePrefix)</c> matches none.
    /// </remarks>
    /// <param name="actions">The collection to add to.</param>
    /// <returns>The collection.</returns>
    public static ClaimActionCollection MapGamUserInfo(this ClaimActionCollection actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        const string s = ClaimValueTypes.String;

        // Subject: GAM's guid, else the OIDC/GEAI sub, else external_id ("Do not share user IDs" blanks guid).
        actions.Add(new GamJsonClaimAction(ClaimTypes.NameIdentifier, s, "guid", "sub", "external_id"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.Name, s, "username", "preferred_username"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.UserGuid, s, "guid"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.Subject, s, "sub"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.Email, s, "email"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.EmailVerified, ClaimValueTypes.Boolean, "verified_email", "email_verified"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.GivenName, s, "first_name", "given_name"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.Surname, s, "last_name", "family_name"));
        actions.Add(new GamFullNameClaimAction());
        actions.Add(new GamJsonClaimAction(ClaimTypes.DateOfBirth, s, "birthday", "birthdate"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.Gender, s, "gender"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.MobilePhone, s, "phone", "phone_number"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.PhoneNumberVerified, ClaimValueTypes.Boolean, "phone_number_verified"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.Locality, s, "city"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.StateOrProvince, s, "state"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.PostalCode, s, "post_code"));

        // GAM's address is a string; OpenID Connect's an object whose members fill the same claims.
        actions.Add(new GamAddressClaimAction());
        actions.Add(new GamJsonClaimAction(GamClaimTypes.MiddleName, s, "middle_name"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.Nickname, s, "nickname"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.Website, s, "website"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.Language, s, "language", "locale"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.TimeZone, s, "timezone", "zoneinfo"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.Picture, s, "url_image", "picture"));
        actions.Add(new GamJsonClaimAction(ClaimTypes.Webpage, s, "url_profile", "profile"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.ExternalId, s, "external_id"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.UpdatedAt, s, "updated_at"));

        // roles are GAM role External IDs; groups are the OIDC (OneLogin) equivalent. Both feed IsInRole.
        actions.Add(new GamListClaimAction(ClaimTypes.Role, "roles"));
        actions.Add(new GamListClaimAction(ClaimTypes.Role, "groups"));
        actions.Add(new GamAttributesClaimAction());

        // Free-format data kept as JSON text for the application to parse.
        actions.Add(new GamJsonClaimAction(GamClaimTypes.CustomInfo, s, "CustomInfo"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.ApplicationData, s, "application_data"));
        actions.Add(new GamJsonClaimAction(GamClaimTypes.InitialProperties, s, "initial_properties"));
        return actions;
    }
}
