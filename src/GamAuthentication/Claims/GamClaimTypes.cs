namespace GamAuthentication.Claims;

/// <summary>
/// Claim types for GAM userinfo fields that have no standard <see cref="System.Security.Claims.ClaimTypes"/>
/// equivalent. Fields that do (email, names, birthday, gender, phone, address, roles) use the standard types.
/// </summary>
public static class GamClaimTypes
{
    /// <summary>The user's GAM GUID (<c>guid</c>), kept even when the subject comes from elsewhere.</summary>
    public const string UserGuid = "urn:gam:guid";

    /// <summary>Whether the email address was verified (<c>verified_email</c> / <c>email_verified</c>), a Boolean.</summary>
    public const string EmailVerified = "urn:gam:email_verified";

    /// <summary>
    /// The subject as the identity provider sent it in <c>sub</c> (OpenID Connect, Globant Enterprise AI), kept even
    /// when <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/> comes from <c>guid</c>.
    /// </summary>
    public const string Subject = "sub";

    /// <summary>The full name (<c>name</c>, or <c>first_name</c> and <c>last_name</c> joined by a space).</summary>
    public const string FullName = "urn:gam:full_name";

    /// <summary>The middle name (<c>middle_name</c>, OpenID Connect).</summary>
    public const string MiddleName = "urn:gam:middle_name";

    /// <summary>The casual name (<c>nickname</c>, OpenID Connect).</summary>
    public const string Nickname = "urn:gam:nickname";

    /// <summary>The user's web page or blog (<c>website</c>, OpenID Connect); the profile page is <see cref="System.Security.Claims.ClaimTypes.Webpage"/>.</summary>
    public const string Website = "urn:gam:website";

    /// <summary>Whether the phone number was verified (<c>phone_number_verified</c>, OpenID Connect), a boolean.</summary>
    public const string PhoneNumberVerified = "urn:gam:phone_number_verified";

    /// <summary>The whole postal address as one text (<c>address.formatted</c>, OpenID Connect).</summary>
    public const string FormattedAddress = "urn:gam:formatted_address";

    /// <summary>The user's external identifier (<c>external_id</c>).</summary>
    public const string ExternalId = "urn:gam:external_id";

    /// <summary>Preferred language (<c>language</c> / <c>locale</c>).</summary>
    public const string Language = "urn:gam:language";

    /// <summary>Time zone (<c>timezone</c> / <c>zoneinfo</c>).</summary>
    public const string TimeZone = "urn:gam:timezone";

    /// <summary>URL of the user's picture (<c>url_image</c> / <c>picture</c>).</summary>
    public const string Picture = "urn:gam:picture";

    /// <summary>When the profile was last updated (<c>updated_at</c>, as sent).</summary>
    public const string UpdatedAt = "urn:gam:updated_at";

    /// <summary>The JSON text of the IdP's custom information (<c>CustomInfo</c> / <c>custominfo</c>).</summary>
    public const string CustomInfo = "urn:gam:custom_info";

    /// <summary>The JSON text of the session's application data (<c>application_data</c>).</summary>
    public const string ApplicationData = "urn:gam:application_data";

    /// <summary>The JSON text of the session's initial properties (<c>initial_properties</c>).</summary>
    public const string InitialProperties = "urn:gam:initial_properties";

    /// <summary>
    /// Prefix of attribute claims: each entry of <c>attributes</c> becomes a claim of type
    /// <c>urn:gam:attribute:{Id}</c> whose value is the attribute's <c>Value</c>.
    /// </summary>
    public const string AttributePrefix = "urn:gam:attribute:";

    /// <summary>The claim type of the attribute with the given id.</summary>
    /// <param name="id">The attribute id, e.g. <c>EmployeeID</c>.</param>
    /// <returns><c>urn:gam:attribute:{id}</c>.</returns>
    public static string Attribute(string id) => AttributePrefix + id;
}
