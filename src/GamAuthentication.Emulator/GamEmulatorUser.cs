using System.Diagnostics.CodeAnalysis;

namespace GamAuthentication.Emulator;

/// <summary>A user of the emulated GAM repository.</summary>
public sealed class GamEmulatorUser
{
    /// <summary>The user's GAM GUID (<c>guid</c>, <c>user_guid</c>). When empty, a stable GUID derived from the user name is assigned.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors GAM's 'guid' member; part of the agreed API.")]
    public string Guid { get; set; } = string.Empty;

    /// <summary>The login name (matched case-insensitively).</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>The password (compared exactly).</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>E-mail address.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>Whether the e-mail address is verified (<c>verified_email</c>).</summary>
    public bool EmailVerified { get; set; } = true;

    /// <summary>First name.</summary>
    public string FirstName { get; set; } = string.Empty;

    /// <summary>Last name.</summary>
    public string LastName { get; set; } = string.Empty;

    /// <summary>External identifier.</summary>
    public string ExternalId { get; set; } = string.Empty;

    /// <summary>Birthday, <c>YYYY-MM-DD</c>.</summary>
    public string Birthday { get; set; } = string.Empty;

    /// <summary>Gender (<c>N</c>, <c>M</c>, <c>F</c>).</summary>
    public string Gender { get; set; } = string.Empty;

    /// <summary>URL of the user's picture.</summary>
    public string UrlImage { get; set; } = string.Empty;

    /// <summary>URL of the user's profile.</summary>
    public string UrlProfile { get; set; } = string.Empty;

    /// <summary>Phone number.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>Whether the phone number is verified (OpenID Connect <c>phone_number_verified</c>).</summary>
    public bool PhoneNumberVerified { get; set; }

    /// <summary>Address.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>City.</summary>
    public string City { get; set; } = string.Empty;

    /// <summary>State or province.</summary>
    public string State { get; set; } = string.Empty;

    /// <summary>Post code.</summary>
    public string PostCode { get; set; } = string.Empty;

    /// <summary>Country (OpenID Connect <c>address.country</c>; GAM's userinfo has no such member).</summary>
    public string Country { get; set; } = string.Empty;

    /// <summary>URL of the user's web page or blog (OpenID Connect <c>website</c>; not in GAM's userinfo).</summary>
    public string Website { get; set; } = string.Empty;

    /// <summary>
    /// When the profile last changed (OpenID Connect <c>updated_at</c>, in seconds since 1970).
    /// <see langword="null"/>: the time the emulator started.
    /// </summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Language.</summary>
    public string Language { get; set; } = string.Empty;

    /// <summary>Time zone.</summary>
    public string Timezone { get; set; } = string.Empty;

    /// <summary>Free JSON text returned as the string <c>CustomInfo</c>.</summary>
    public string CustomInfo { get; set; } = string.Empty;

    /// <summary>Session application data returned as the string <c>application_data</c>.</summary>
    public string ApplicationData { get; set; } = string.Empty;

    /// <summary>Role External IDs returned in <c>roles</c>.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Extended attributes returned in <c>attributes</c>.</summary>
    public List<GamEmulatorAttribute> Attributes { get; set; } = [];

    /// <summary>API keys of this user.</summary>
    public List<GamEmulatorApiKey> ApiKeys { get; set; } = [];

    /// <summary>When <see langword="true"/> a password login first answers HTTP 202 with GAM code 410 and needs <see cref="OneTimePassword"/>.</summary>
    public bool RequireSecondFactor { get; set; }

    /// <summary>The code accepted as second factor.</summary>
    public string? OneTimePassword { get; set; }

    /// <summary>Whether the user can log in (GAM error 12 otherwise). Default <see langword="true"/>.</summary>
    public bool IsActive { get; set; } = true;
}
