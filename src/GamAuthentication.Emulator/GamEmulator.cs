using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using GamAuthentication.Emulator.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Emulator;

/// <summary>
/// The state of the emulated GAM identity provider: users, clients, authorization codes, tokens and call
/// counters, all in memory and thread-safe. Registered as a singleton by
/// <see cref="Microsoft.Extensions.DependencyInjection.GamEmulatorServiceCollectionExtensions.AddGamEmulator"/>; tests resolve it to read counters
/// and to issue or revoke tokens directly.
/// </summary>
public sealed partial class GamEmulator : IDisposable
{
    private readonly ConcurrentDictionary<string, GamEmulatorUser> _usersByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, GamEmulatorClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (GamEmulatorUser User, GamEmulatorApiKey Key)> _apiKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCodeEntry> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessTokenEntry> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshTokenEntry> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingSecondFactor> _pendingSecondFactors = new(StringComparer.Ordinal);
    private readonly long[] _counters = new long[Enum.GetValues<GamEmulatorEndpoint>().Length];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the emulator state from its options.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="timeProvider">The clock used unless <see cref="GamEmulatorOptions.TimeProvider"/> is set.</param>
    /// <param name="logger">The logger.</param>
    public GamEmulator(IOptions<GamEmulatorOptions> options, TimeProvider timeProvider, ILogger<GamEmulator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Options = options.Value;
        _time = Options.TimeProvider ?? timeProvider;
        _logger = logger;
        StartedAt = _time.GetUtcNow();
        foreach (var user in Options.Users)
        {
            AddUser(user);
        }

        foreach (var client in Options.Clients)
        {
            AddClient(client);
        }
    }

    /// <summary>
    /// The options in effect. Scalar settings (lifetimes, status codes, flags) may be changed at run time
    /// and apply to later requests; users and clients were copied at start: use <see cref="AddUser"/> and
    /// <see cref="AddClient"/> to add more.
    /// </summary>
    public GamEmulatorOptions Options { get; }

    /// <summary>
    /// The OpenID Connect provider's signing keys and test settings (used by the routes of
    /// <c>MapGamOpenIdConnectEmulator</c>).
    /// </summary>
    public GamEmulatorOpenIdConnect OpenIdConnect { get; } = new();

    /// <summary>How many HTTP requests reached the routes of <paramref name="endpoint"/> since start or <see cref="ResetCounters"/>.</summary>
    /// <param name="endpoint">The route family.</param>
    /// <returns>The count.</returns>
    public long GetCallCount(GamEmulatorEndpoint endpoint) => Interlocked.Read(ref _counters[(int)endpoint]);

    /// <summary>Sets every call counter to zero.</summary>
    public void ResetCounters()
    {
        for (var i = 0; i < _counters.Length; i++)
        {
            Interlocked.Exchange(ref _counters[i], 0);
        }
    }

    /// <summary>Adds (or replaces, by user name) a user at run time.</summary>
    /// <param name="user">The user; a missing GUID is not derived here, so set <see cref="GamEmulatorUser.Guid"/>.</param>
    public void AddUser(GamEmulatorUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(user.UserName);
        _usersByName[user.UserName] = user;
        foreach (var key in user.ApiKeys ?? [])
        {
            if (!string.IsNullOrEmpty(key?.Key))
            {
                _apiKeys[key.Key] = (user, key);
            }
        }
    }

    /// <summary>Adds (or replaces, by client ID) a client application at run time.</summary>
    /// <param name="client">The client.</param>
    public void AddClient(GamEmulatorClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientId);
        _clients[client.ClientId] = client;
    }

    /// <summary>
    /// Issues a token for a user as a successful password login would (no password check, no second factor),
    /// honouring lifetimes, renewals and the client's allowed scopes.
    /// </summary>
    /// <param name="userName">An existing user name.</param>
    /// <param name="scopes">Requested scopes, separated by space or <c>+</c>.</param>
    /// <param name="clientId">An existing client ID.</param>
    /// <returns>The token response.</returns>
    /// <exception cref="ArgumentException">The user or the client does not exist.</exception>
    public GamEmulatorTokenResponse IssueToken(string userName, string scopes = GamEmulatorDefaults.DefaultScopes, string clientId = GamEmulatorDefaults.ClientId)
    {
        var user = FindUser(userName) ?? throw new ArgumentException($"Unknown user '{userName}'.", nameof(userName));
        var client = FindClient(clientId) ?? throw new ArgumentException($"Unknown client '{clientId}'.", nameof(clientId));
        var issue = IssueLogin(user, client, ScopeGrant.ForRequest(scopes, client), [], usedPkce: false, neverExpires: false);
        return new GamEmulatorTokenResponse(issue.AccessToken, "Bearer", issue.ExpiresIn, issue.RefreshToken, issue.Scope, issue.UserGuid);
    }

    /// <summary>
    /// Ends one access token: userinfo then answers GAM error 114. The login's refresh token stays usable
    /// (sign-out and logout end the whole login instead). Unknown tokens are ignored.
    /// </summary>
    /// <param name="accessToken">The access token.</param>
    public void RevokeToken(string accessToken)
    {
        if (accessToken is not null && _accessTokens.TryGetValue(accessToken, out var entry))
        {
            entry.Revoke();
        }
    }

    /// <summary>Disposes the OpenID Connect signing keys.</summary>
    public void Dispose() => OpenIdConnect.Dispose();

    internal DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>When the emulator was created (the default <c>updated_at</c> of users).</summary>
    internal DateTimeOffset StartedAt { get; }

    internal void Count(GamEmulatorEndpoint endpoint) => Interlocked.Increment(ref _counters[(int)endpoint]);

    internal GamEmulatorUser? FindUser(string? userName) =>
        !string.IsNullOrEmpty(userName) && _usersByName.TryGetValue(userName, out var user) ? user : null;

    internal GamEmulatorClient? FindClient(string? clientId) =>
        !string.IsNullOrEmpty(clientId) && _clients.TryGetValue(clientId, out var client) ? client : null;

    internal (GamEmulatorUser User, GamEmulatorApiKey Key)? FindApiKey(string apiKey) =>
        _apiKeys.TryGetValue(apiKey, out var found) ? found : null;

    internal bool IsRepository(string repository) =>
        string.Equals(repository.Trim(), Options.RepositoryGuid, StringComparison.OrdinalIgnoreCase);

    /// <summary>Exact match against the client's callback URLs, or any loopback URL when allowed.</summary>
    internal bool IsRedirectUriAllowed(GamEmulatorClient client, string redirectUri)
    {
        if (string.IsNullOrEmpty(redirectUri))
        {
            return false;
        }

        if (client.RedirectUris?.Contains(redirectUri, StringComparer.Ordinal) == true)
        {
            return true;
        }

        return Options.AllowAnyLoopbackRedirectUri && IsLoopbackUri(redirectUri);
    }

    /// <summary>
    /// Where sign-out may send the browser: an absolute http(s) URL without fragment that is one of the
    /// client's post-logout URLs (exact match), or loopback when allowed, or anything when
    /// <see cref="GamEmulatorOptions.AllowAnyPostLogoutRedirectUri"/> is on.
    /// </summary>
    internal bool IsPostLogoutRedirectUriAllowed(GamEmulatorClient client, string redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return false;
        }

        return Options.AllowAnyPostLogoutRedirectUri
            || client.PostLogoutRedirectUris?.Contains(redirectUri, StringComparer.Ordinal) == true
            || (Options.AllowAnyLoopbackRedirectUri && IsLoopbackUri(redirectUri));
    }

    internal static bool IsLoopbackUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(parsed.Fragment)
            || !string.IsNullOrEmpty(parsed.UserInfo))
        {
            return false;
        }

        return string.Equals(parsed.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(parsed.IdnHost, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Checks the client secret. Public clients need none; PKCE logins may omit it unless required by options.</summary>
    internal GamError? CheckClientSecret(GamEmulatorClient client, string provided, bool pkceLogin)
    {
        if (string.IsNullOrEmpty(client.ClientSecret))
        {
            return null;
        }

        if (string.IsNullOrEmpty(provided))
        {
            return pkceLogin && !Options.RequireClientSecretWithPkce ? null : GamError.ClientSecretMissing;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(client.ClientSecret))
            ? null
            : GamError.ClientSecretInvalid;
    }

    internal static bool PasswordMatches(string provided, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? string.Empty), Encoding.UTF8.GetBytes(expected ?? string.Empty));

    internal string CreateCode(GamEmulatorClient client, string redirectUri, GamEmulatorUser user, ScopeGrant grant, string? challenge, string? method, string? nonce = null)
    {
        var code = RandomNumberGenerator.GetHexString(70, lowercase: true);
        var now = UtcNow;
        _codes[code] = new AuthorizationCodeEntry(client, redirectUri, user, grant, challenge, method, now.AddSeconds(Options.AuthorizationCodeLifetimeSeconds), now, nonce);
        LogCodeIssued(_logger, user.UserName, client.ClientId);
        return code;
    }

    /// <summary>The <c>authorization_code</c> grant.</summary>
    internal GamError? RedeemCode(GamEmulatorClient client, string code, string clientSecret, string redirectUri, string codeVerifier, out TokenIssue? issue)
    {
        issue = null;
        if (string.IsNullOrEmpty(code))
        {
            return GamError.MissingParameter("code");
        }

        if (!_codes.TryGetValue(code, out var entry))
        {
            return GamError.CodeInvalid;
        }

        if (entry.Client.ClientId != client.ClientId)
        {
            return GamError.CodeClientMismatch;
        }

        if (CheckClientSecret(client, clientSecret, entry.CodeChallenge is not null) is { } secretError)
        {
            return secretError;
        }

        // Single use: the first redemption owns the code. A replay (even a concurrent one) fails and ends
        // the login the code produced: the code may have leaked (RFC 6749 §4.1.2).
        if (!entry.TryRedeem())
        {
            entry.Replayed();
            LogCodeReplayed(_logger, entry.User.UserName, client.ClientId);
            return GamError.CodeInvalid;
        }

        if (UtcNow >= entry.ExpiresAt)
        {
            return GamError.CodeExpired;
        }

        if (!string.Equals(entry.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return GamError.CodeRedirectUriMismatch;
        }

        if (entry.CodeChallenge is not null)
        {
            if (string.IsNullOrEmpty(codeVerifier))
            {
                return GamError.PkceVerifierMissing;
            }

            if (!PkceMatches(entry.CodeChallenge, entry.CodeChallengeMethod, codeVerifier))
            {
                return GamError.PkceVerifierMismatch;
            }
        }

        if (!entry.User.IsActive)
        {
            return GamError.UserNotActive;
        }

        issue = IssueLogin(entry.User, client, entry.Grant, [], entry.CodeChallenge is not null, neverExpires: false, entry.AuthenticatedAt, entry.Nonce);
        entry.Issued(issue.Session);
        return null;
    }

    private static bool PkceMatches(string challenge, string? method, string verifier)
    {
        var expected = string.Equals(method, "S256", StringComparison.OrdinalIgnoreCase)
            ? Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The <c>refresh_token</c> grant.</summary>
    internal GamError? Refresh(GamEmulatorClient client, string refreshToken, string clientSecret, out TokenIssue? issue)
    {
        issue = null;
        if (string.IsNullOrEmpty(refreshToken))
        {
            return GamError.MissingParameter("refresh_token");
        }

        if (!_refreshTokens.TryGetValue(refreshToken, out var entry) || entry.Session.Client.ClientId != client.ClientId)
        {
            return GamError.RefreshTokenInvalid;
        }

        var session = entry.Session;
        if (CheckClientSecret(client, clientSecret, session.UsedPkce) is { } secretError)
        {
            return secretError;
        }

        if (session.Ended)
        {
            return GamError.RefreshTokenInvalid;
        }

        if (UtcNow >= entry.ExpiresAt)
        {
            return GamError.RefreshTokenExpired;
        }

        var max = Options.MaxTokenRenewals;
        if (session.Renewals >= max)
        {
            return GamError.RenewalsExhausted;
        }

        if (Options.RotateRefreshTokens && !_refreshTokens.TryRemove(refreshToken, out _))
        {
            return GamError.RefreshTokenInvalid;
        }

        var renewals = session.IncrementRenewals();
        if (renewals > max)
        {
            return GamError.RenewalsExhausted;
        }

        if (!session.User.IsActive)
        {
            return GamError.UserNotActive;
        }

        if (Options.RevokeAccessTokenOnRefresh)
        {
            session.CurrentAccessToken?.Revoke();
        }

        var (accessToken, expiresIn) = CreateAccessToken(session, neverExpires: false);
        string newRefresh;
        if (renewals >= max)
        {
            newRefresh = string.Empty;
        }
        else if (Options.RotateRefreshTokens)
        {
            newRefresh = CreateRefreshToken(session);
        }
        else
        {
            newRefresh = refreshToken;
        }

        LogTokenIssued(_logger, session.User.UserName, client.ClientId, "refresh_token");
        issue = new TokenIssue(accessToken, expiresIn, newRefresh, session.Grant.Joined, session.User.Guid, session);
        return null;
    }

    /// <summary>Starts a login and issues its first tokens.</summary>
    internal TokenIssue IssueLogin(
        GamEmulatorUser user,
        GamEmulatorClient client,
        ScopeGrant grant,
        IReadOnlyList<GamProperty> initialProperties,
        bool usedPkce,
        bool neverExpires,
        DateTimeOffset? authenticatedAt = null,
        string? nonce = null)
    {
        var session = new LoginSession(user, client, grant, initialProperties, usedPkce, authenticatedAt ?? UtcNow, nonce);
        var (accessToken, expiresIn) = CreateAccessToken(session, neverExpires);
        var refresh = !neverExpires && Options.MaxTokenRenewals > 0 ? CreateRefreshToken(session) : string.Empty;
        LogTokenIssued(_logger, user.UserName, client.ClientId, usedPkce ? "authorization_code+pkce" : "login");
        return new TokenIssue(accessToken, expiresIn, refresh, grant.Joined, user.Guid, session);
    }

    private (string Token, long ExpiresIn) CreateAccessToken(LoginSession session, bool neverExpires)
    {
        var lifetime = neverExpires ? 0 : Options.AccessTokenLifetimeSeconds;
        DateTimeOffset? expiresAt = lifetime > 0 ? UtcNow.AddSeconds(lifetime) : null;
        var token = Options.RepositoryGuid + "!" + RandomNumberGenerator.GetHexString(96, lowercase: true);
        var entry = new AccessTokenEntry(session, expiresAt, lifetime);
        _accessTokens[token] = entry;
        session.CurrentAccessToken = entry;
        return (token, lifetime);
    }

    private string CreateRefreshToken(LoginSession session)
    {
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        _refreshTokens[token] = new RefreshTokenEntry(session, UtcNow.AddMinutes(Options.RefreshTokenLifetimeMinutes));
        return token;
    }

    /// <summary>Validates an access token for userinfo: 114 malformed or ended, 112 unknown, 103 expired, 12 inactive user.</summary>
    internal GamError? ValidateAccessToken(string token, out AccessTokenEntry? entry)
    {
        entry = null;
        var repository = Options.RepositoryGuid;
        if (token.Length <= repository.Length + 1
            || token[repository.Length] != '!'
            || !token.AsSpan(0, repository.Length).Equals(repository, StringComparison.OrdinalIgnoreCase))
        {
            return GamError.InvalidToken;
        }

        if (!_accessTokens.TryGetValue(token, out var found))
        {
            return GamError.TokenNotFound;
        }

        if (found.Revoked || found.Session.Ended)
        {
            return GamError.InvalidToken;
        }

        if (found.ExpiresAt is { } expiresAt && UtcNow >= expiresAt)
        {
            return GamError.TokenExpired(Options.ExpiredTokenStatusCode);
        }

        if (!found.Session.User.IsActive)
        {
            return GamError.UserNotActive;
        }

        entry = found;
        return null;
    }

    /// <summary>Ends the login of an access token (all its access and refresh tokens). Returns whether the token was known.</summary>
    internal bool EndLogin(string accessToken)
    {
        if (string.IsNullOrEmpty(accessToken) || !_accessTokens.TryGetValue(accessToken, out var entry))
        {
            return false;
        }

        entry.Revoke();
        entry.Session.End();
        return true;
    }

    /// <summary>Records a validated first factor; returns the key to complete it with (a random ticket for the sign-in page, else the user/client pair).</summary>
    internal string StartSecondFactor(GamEmulatorUser user, string clientId, bool ticket)
    {
        var key = ticket ? RandomNumberGenerator.GetHexString(40, lowercase: true) : PendingKey(user, clientId);
        _pendingSecondFactors[key] = new PendingSecondFactor(user, clientId, UtcNow.AddSeconds(Options.SecondFactorWindowSeconds));
        return key;
    }

    /// <summary>Completes a second factor waiting under <paramref name="key"/> (a ticket, or the user/client pair of REST logins).</summary>
    internal GamError? CompleteSecondFactor(string key, GamEmulatorUser? expectedUser, string clientId, string oneTimePassword, out GamEmulatorUser? user)
    {
        user = null;
        if (!_pendingSecondFactors.TryGetValue(key, out var pending)
            || (expectedUser is not null && !ReferenceEquals(pending.User, expectedUser))
            || pending.ClientId != clientId
            || UtcNow >= pending.ExpiresAt)
        {
            return GamError.FirstFactorMissing;
        }

        if (string.IsNullOrEmpty(pending.User.OneTimePassword) || !PasswordMatches(oneTimePassword, pending.User.OneTimePassword))
        {
            return GamError.OneTimePasswordInvalid;
        }

        if (!_pendingSecondFactors.TryRemove(key, out _))
        {
            return GamError.FirstFactorMissing;
        }

        user = pending.User;
        return null;
    }

    internal static string PendingKey(GamEmulatorUser user, string clientId) => "rest:" + clientId + ":" + user.Guid;

    internal void LogRejected(string endpoint, GamError error) => LogRequestRejected(_logger, endpoint, error.Code, error.Message);

    internal void LogRejected(string endpoint, string error, string description) => LogRequestRejected(_logger, endpoint, error, description);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "GAM emulator issued an authorization code for user {UserName} and client {ClientId}")]
    private static partial void LogCodeIssued(ILogger logger, string userName, string clientId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "GAM emulator issued a token for user {UserName} and client {ClientId} ({Grant})")]
    private static partial void LogTokenIssued(ILogger logger, string userName, string clientId, string grant);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "GAM emulator saw an authorization code of user {UserName} and client {ClientId} used twice: the login issued from it is ended")]
    private static partial void LogCodeReplayed(ILogger logger, string userName, string clientId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "GAM emulator rejected a {Endpoint} request with error {Code}: {Message}")]
    private static partial void LogRequestRejected(ILogger logger, string endpoint, string code, string message);
}
