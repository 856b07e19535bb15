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
