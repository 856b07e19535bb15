using System.Diagnostics.CodeAnalysis;

namespace GamAuthentication.Emulator;

/// <summary>
/// Settings of the GAM identity-provider emulator. Bound from the <c>GamEmulator</c> configuration
/// section by <see cref="Microsoft.Extensions.DependencyInjection.GamEmulatorServiceCollectionExtensions.AddGamEmulator"/>.
/// </summary>
/// <remarks>
/// Demo data: when <see cref="Users"/> is still empty after configuration (binding and the configure
/// delegate), the demo users of <see cref="GamEmulatorDefaults"/> are added; likewise for
/// <see cref="Clients"/>. Configuring at least one user (or client) therefore replaces the demo users
/// (or clients) completely. The lists have no default items because configuration binding appends to
/// existing list items instead of replacing them.
/// </remarks>
public sealed class GamEmulatorOptions
{
    /// <summary>The configuration section the options are bound from: <c>GamEmulator</c>.</summary>
    public const string SectionName = "GamEmulator";

    /// <summary>
    /// Lifetime of access tokens in seconds (GAM's <c>OauthTokenExpire</c>, which GAM counts in minutes).
    /// <c>0</c> means the token never expires and the token response carries <c>expires_in: 0</c>.
    /// Default 3600.
    /// </summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>
    /// How many times one login may renew its access token (GAM's <c>OauthTokenMaximumRenovations</c>).
    /// Default <c>0</c>: no refresh token is issued (<c>refresh_token: ""</c>), as in GAM's default policy.
    /// </summary>
    public int MaxTokenRenewals { get; set; }

    /// <summary>Lifetime of authorization codes in seconds (GAM's <c>OAuthAccessCodeExpire</c>). Default 180.</summary>
    public int AuthorizationCodeLifetimeSeconds { get; set; } = 180;

    /// <summary>Lifetime of refresh tokens in minutes (GAM's <c>OAuthRefreshTokenExpire</c>). Default 43200 (30 days).</summary>
    public int RefreshTokenLifetimeMinutes { get; set; } = 43200;

    /// <summary>
    /// How long, in seconds, a validated first factor waits for its second factor (GAM's
    /// <c>FirstAuthenticationFactorExpiration</c>). Default 900.
    /// </summary>
    public int SecondFactorWindowSeconds { get; set; } = 900;

    /// <summary>
    /// GUID of the emulated repository. Prefixes every access token (<c>&lt;guid&gt;!&lt;random&gt;</c>) and
    /// is the only accepted value of the <c>repository</c> parameter.
    /// Default <see cref="GamEmulatorDefaults.RepositoryGuid"/>.
    /// </summary>
    public string RepositoryGuid { get; set; } = GamEmulatorDefaults.RepositoryGuid;

    /// <summary>
    /// HTTP status answered with GAM error 103 (token expired): 401 (documented, default) or 403
    /// (what the .NET GeneXus runtime returns).
    /// </summary>
    public int ExpiredTokenStatusCode { get; set; } = 401;

    /// <summary>When <see langword="true"/> (default) a refresh token can be used once; the refresh answer carries a new one.</summary>
    public bool RotateRefreshTokens { get; set; } = true;

    /// <summary>When <see langword="true"/> a refresh ends the access token issued before it. Default <see langword="false"/>.</summary>
    public bool RevokeAccessTokenOnRefresh { get; set; }

    /// <summary>
    /// When <see langword="true"/> a confidential client must send its secret even when it uses PKCE
    /// (official GAM documentation). Default <see langword="false"/>: a PKCE code exchange, and refreshes
    /// of logins started with PKCE, may omit the secret (a wrong secret is always rejected).
    /// </summary>
    public bool RequireClientSecretWithPkce { get; set; }

    /// <summary>
    /// When <see langword="true"/> (default) every client also accepts any loopback redirect URI
    /// (<c>http(s)://localhost|127.0.0.1|[::1]:&lt;any port&gt;/...</c>), so apps on random ports work
    /// without registration. When <see langword="false"/> only exact matches of
    /// <see cref="GamEmulatorClient.RedirectUris"/> are accepted.
    /// </summary>
    public bool AllowAnyLoopbackRedirectUri { get; set; } = true;

    /// <summary>
    /// When <see langword="true"/> sign-out (<c>oauth/gam/signout</c>, and the OpenID Connect end-session
    /// endpoint) redirects to any absolute http(s) URL, as a real GAM does when a client's "Valid URLs after
    /// Single Logout" list is empty. Default <see langword="false"/>: only
    /// <see cref="GamEmulatorClient.PostLogoutRedirectUris"/> (exact match) and, when
    /// <see cref="AllowAnyLoopbackRedirectUri"/> is on, loopback URLs are accepted; anything else gets GAM
    /// error 621 and no redirect, so the emulator cannot be used as an open redirector.
    /// </summary>
    public bool AllowAnyPostLogoutRedirectUri { get; set; }

    /// <summary>Realm of <c>WWW-Authenticate: OAuth realm="..."</c>. Default (<see langword="null"/>): the request host.</summary>
    public string? Realm { get; set; }

    /// <summary>The users of the repository. Empty after configuration: demo users are added (see remarks of the class).</summary>
    public List<GamEmulatorUser> Users { get; set; } = [];

    /// <summary>The client applications. Empty after configuration: demo clients are added (see remarks of the class).</summary>
    public List<GamEmulatorClient> Clients { get; set; } = [];

    /// <summary>Settings of the OpenID Connect provider mapped by <c>MapGamOpenIdConnectEmulator</c> (section <c>GamEmulator:OpenIdConnect</c>).</summary>
    public GamEmulatorOpenIdConnectOptions OpenIdConnect { get; set; } = new();

    /// <summary>The clock of the emulator. Default (<see langword="null"/>): the <see cref="System.TimeProvider"/> registered in DI.</summary>
    public TimeProvider? TimeProvider { get; set; }
}

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

/// <summary>An extended user attribute.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "GAM calls them user attributes; the name is part of the agreed API.")]
public sealed class GamEmulatorAttribute
{
    /// <summary>Attribute identifier, e.g. <c>EmployeeID</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Attribute value.</summary>
    public string Value { get; set; } = string.Empty;

    /// <summary>Whether the attribute is multi-valued.</summary>
    public bool IsMultiValue { get; set; }
}

/// <summary>An API key of a user for all clients that allow API keys.</summary>
public sealed class GamEmulatorApiKey
{
    /// <summary>The key sent as <c>api_key</c>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Scopes frozen into the key, <c>+</c>-joined, e.g. <c>gam_user_data+gam_user_roles</c>.</summary>
    public string Scopes { get; set; } = GamEmulatorDefaults.DefaultScopes;

    /// <summary>When the key stops working; <see langword="null"/> = never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>A GAM client application.</summary>
public sealed class GamEmulatorClient
{
    /// <summary>Client ID.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Client secret; <see langword="null"/> or empty = public client (never asked for a secret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Callback URLs accepted as <c>redirect_uri</c> (exact, ordinal match).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// Valid URLs after single logout (exact, ordinal match). Loopback URLs are also accepted while
    /// <see cref="GamEmulatorOptions.AllowAnyLoopbackRedirectUri"/> is on; an empty list allows nothing else
    /// unless <see cref="GamEmulatorOptions.AllowAnyPostLogoutRedirectUri"/> is on.
    /// </summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Scopes the client may obtain; empty = all. Requested scopes outside the list are dropped.</summary>
    public List<string> AllowedScopes { get; set; } = [];

    /// <summary>Whether REST (v2.0) password and API-key logins are allowed (GAM error 230 otherwise). Default <see langword="true"/>.</summary>
    public bool AllowRestAuthentication { get; set; } = true;

    /// <summary>Whether API-key logins are allowed. Default <see langword="true"/>.</summary>
    public bool AllowApiKey { get; set; } = true;

    /// <summary>PKCE policy of the client (GAM's OAuth 2.0 option). Default <see cref="GamEmulatorPkceMode.Optional"/>.</summary>
    public GamEmulatorPkceMode PkceMode { get; set; } = GamEmulatorPkceMode.Optional;
}

/// <summary>PKCE policy of a client (GAM's <c>ClientAllowRemoteAuthenticationOAuth20Option</c>).</summary>
public enum GamEmulatorPkceMode
{
    /// <summary>"Basic and PKCE": PKCE parameters are used when sent.</summary>
    Optional = 0,

    /// <summary>"PKCE": authorization requests without <c>code_challenge</c> are rejected.</summary>
    Required = 1,

    /// <summary>"Basic": PKCE parameters are ignored.</summary>
    Disabled = 2,
}

/// <summary>The route families of the emulator, for call counters.</summary>
public enum GamEmulatorEndpoint
{
    /// <summary><c>oauth/gam/signin</c> and the OpenID Connect <c>auth</c> endpoint (GET and POST).</summary>
    SignIn = 0,

    /// <summary>All token endpoints: <c>oauth/gam/access_token</c>, <c>oauth/gam/v2.0/access_token</c>, <c>oauth/access_token</c>, OpenID Connect <c>token</c>.</summary>
    Token = 1,

    /// <summary>All userinfo endpoints: <c>oauth/gam/userinfo</c>, <c>oauth/gam/v2.0/userinfo</c>, <c>openid/userinfo</c>, <c>oauth/userinfo</c>, OpenID Connect <c>me</c>.</summary>
    UserInfo = 2,

    /// <summary><c>oauth/gam/signout</c> and the OpenID Connect end-session endpoint (<c>logout</c>).</summary>
    SignOut = 3,

    /// <summary><c>oauth/logout</c>.</summary>
    Logout = 4,

    /// <summary>The OpenID Connect discovery document (<c>.well-known/openid-configuration</c>).</summary>
    Discovery = 5,

    /// <summary>The OpenID Connect JWKS document (<c>certs</c>).</summary>
    Jwks = 6,
}

/// <summary>A token issued by <see cref="GamEmulator.IssueToken"/>, as a token endpoint would answer it.</summary>
/// <param name="AccessToken">The opaque access token.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Lifetime in seconds; 0 = never expires.</param>
/// <param name="RefreshToken">The refresh token, or an empty string when renewals are not allowed.</param>
/// <param name="Scope">Granted scopes, <c>+</c>-joined.</param>
/// <param name="UserGuid">The user's GUID.</param>
public sealed record GamEmulatorTokenResponse(
    string AccessToken,
    string TokenType,
    long ExpiresIn,
    string RefreshToken,
    string Scope,
    string UserGuid);
