using System.Collections.Concurrent;
using System.Security.Cryptography;
using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator;

// Logins and their tokens: issue, refresh, validate, revoke, end.
public sealed partial class GamEmulator
{
    private readonly ConcurrentDictionary<string, AccessTokenEntry> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshTokenEntry> _refreshTokens = new(StringComparer.Ordinal);

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
}
