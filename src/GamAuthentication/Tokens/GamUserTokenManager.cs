using System.Globalization;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens;

/// <summary>
/// Keeps the signed-in user's GAM access token usable: reads the tokens <c>AddGam()</c> saved in the authentication
/// cookie, refreshes the access token shortly before it expires with the saved refresh token, and writes the new
/// tokens back into the cookie. When the refresh is refused the user is signed out locally.
/// </summary>
/// <remarks>
/// <para>One refresh per refresh token at a time, per process: concurrent requests of the same user (which all carry
/// the old cookie) wait for the same refresh, and its result is kept for a short while so that requests arriving a
/// little later with the old cookie get the new tokens instead of presenting a refresh token GAM has already rotated.</para>
/// <para>Web farms: the guarantee is per process. Two servers that receive requests of the same user at the same moment
/// can both refresh; when GAM rotates refresh tokens, the second refresh is refused and that request signs the user
/// out. Use sticky sessions, or keep the cookie's tokens server-side in one store shared by all servers (the cookie
/// handler's <c>SessionStore</c>) together with a distributed lock around the refresh, to lift the limitation.</para>
/// </remarks>
public sealed partial class GamUserTokenManager
{
    /// <summary>
    /// How long a refresh result stays available to requests that still carry the old cookie. Short on purpose:
    /// long enough for a page's parallel requests that left the browser before the new cookie arrived, short
    /// enough that a replayed old cookie cannot pick up the rotated tokens later.
    /// </summary>
    internal static readonly TimeSpan RecentRefreshLifetime = TimeSpan.FromSeconds(10);

    internal const string TokenIssuedItem = ".gam.token_issued";
    private const string RequestStateKeyPrefix = "GamAuthentication.UserToken:";

    private readonly object _refreshGate = new();
    private readonly Dictionary<string, Task<GamTokenResult>> _refreshing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (GamTokenResult Result, DateTimeOffset Until)> _recent = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<GamOptions> _gamOptions;
    private readonly IAuthenticationSchemeProvider _schemes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the manager (a singleton registered by <c>AddGamUserAccessToken(...)</c>).</summary>
    /// <param name="gamOptions">The GAM sign-in options (token endpoint, client credentials, backchannel).</param>
    /// <param name="schemes">Finds the default sign-in scheme.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public GamUserTokenManager(IOptionsMonitor<GamOptions> gamOptions, IAuthenticationSchemeProvider schemes, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _gamOptions = gamOptions ?? throw new ArgumentNullException(nameof(gamOptions));
        _schemes = schemes ?? throw new ArgumentNullException(nameof(schemes));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = loggerFactory.CreateLogger<GamUserTokenManager>();
    }

    /// <summary>
    /// The signed-in user's access token, refreshed first when it expires within
    /// <see cref="GamUserAccessTokenOptions.RefreshBeforeExpiry"/>.
    /// </summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="options">The settings; null uses the defaults (scheme <c>Gam</c>).</param>
    /// <param name="cancellationToken">Stops waiting (a shared refresh continues for other callers).</param>
    /// <returns>The token, or why there is none.</returns>
    public Task<GamUserAccessToken> GetAccessTokenAsync(HttpContext httpContext, GamUserAccessTokenOptions? options = null, CancellationToken cancellationToken = default) =>
        GetCoreAsync(httpContext, options ?? new GamUserAccessTokenOptions(), null, cancellationToken);

    /// <summary>
    /// Refreshes the user's access token because a downstream API rejected <paramref name="rejectedAccessToken"/>. When
    /// the token was already replaced (by a concurrent call), the newer token is returned without refreshing again.
    /// </summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="rejectedAccessToken">The access token the downstream API rejected.</param>
    /// <param name="options">The settings; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A new token, or <see cref="GamUserAccessTokenStatus.SignedOut"/> when it could not be refreshed.</returns>
    public Task<GamUserAccessToken> RenewAccessTokenAsync(HttpContext httpContext, string rejectedAccessToken, GamUserAccessTokenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rejectedAccessToken);
        return GetCoreAsync(httpContext, options ?? new GamUserAccessTokenOptions(), rejectedAccessToken, cancellationToken);
    }

    /// <summary>The newest access token this request obtained for <paramref name="scheme"/> (after a refresh), if any.</summary>
    internal static string? CurrentAccessToken(HttpContext context, string scheme)
    {
        var state = PeekState(context, scheme);
        if (state is null)
        {
            return null;
        }

        lock (state)
        {
            return state.Tokens?.AccessToken;
        }
    }

    private async Task<GamUserAccessToken> GetCoreAsync(HttpContext httpContext, GamUserAccessTokenOptions options, string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var state = GetState(httpContext, options.Scheme);

        // Calls of one request share one evaluation: HttpContext (cookie reads, SignInAsync) is not thread-safe.
        for (var attempt = 0; ; attempt++)
        {
            Task<GamUserAccessToken> pending;
            lock (state)
            {
                if (state.Pending is null)
                {
                    if (state.Result is { } last && IsStillGood(last, state, options, rejectedAccessToken))
                    {
                        return last;
                    }

                    state.Pending = EvaluateAsync(httpContext, state, options, rejectedAccessToken);
                }

                pending = state.Pending;
            }

            var result = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);

            // A shared evaluation started before our token was rejected may have returned that very token: look once more.
            if (attempt == 0 && rejectedAccessToken is not null && result.IsSuccess &&
                string.Equals(result.AccessToken, rejectedAccessToken, StringComparison.Ordinal))
            {
                continue;
            }

            return result;
        }
    }

    private bool IsStillGood(GamUserAccessToken last, RequestState state, GamUserAccessTokenOptions options, string? rejectedAccessToken)
    {
        if (last.Status != GamUserAccessTokenStatus.Success)
        {
            return true;
        }

        if (rejectedAccessToken is not null && string.Equals(last.AccessToken, rejectedAccessToken, StringComparison.Ordinal))
        {
            return false;
        }

        return state.Tokens is not { } tokens || !NeedsRefresh(tokens, options, _timeProvider.GetUtcNow());
    }

    private async Task<GamUserAccessToken> EvaluateAsync(HttpContext context, RequestState state, GamUserAccessTokenOptions options, string? rejectedAccessToken)
    {
        // Yield so the caller leaves the lock before any work happens.
        await Task.Yield();
        try
        {
            var result = await EvaluateCoreAsync(context, state, options, rejectedAccessToken).ConfigureAwait(false);
            lock (state)
            {
                state.Result = result;
                state.Pending = null;
            }

            return result;
        }
        catch
        {
            lock (state)
            {
                state.Pending = null;
            }

            throw;
        }
    }

    private async Task<GamUserAccessToken> EvaluateCoreAsync(HttpContext context, RequestState state, GamUserAccessTokenOptions options, string? rejectedAccessToken)
    {
        var gam = _gamOptions.Get(options.Scheme);
        var signInScheme = options.SignInScheme ?? gam.SignInScheme ?? (await _schemes.GetDefaultSignInSchemeAsync().ConfigureAwait(false))?.Name;
        if (string.IsNullOrEmpty(signInScheme))
        {
            throw new InvalidOperationException(
                $"GAM: no sign-in scheme holds the tokens of scheme '{options.Scheme}': set GamUserAccessTokenOptions.SignInScheme, GamOptions.SignInScheme or the default sign-in scheme.");
        }

        var authentication = await context.AuthenticateAsync(signInScheme).ConfigureAwait(false);
        if (!authentication.Succeeded || authentication.Properties is null)
        {
            return GamUserAccessToken.NotSignedIn("no signed-in user");
        }

        var properties = authentication.Properties;
        SavedTokens? tokens;
        lock (state)
        {
            tokens = state.Tokens;
        }

        tokens ??= SavedTokens.Read(properties);
        if (tokens is null)
        {
            return GamUserAccessToken.NotSignedIn("the sign-in saved no access token (GamOptions.SaveTokens is off)");
        }

        lock (state)
        {
            state.Tokens = tokens;
        }

        var now = _timeProvider.GetUtcNow();
        var rejected = rejectedAccessToken is not null && string.Equals(tokens.AccessToken, rejectedAccessToken, StringComparison.Ordinal);
        if (!rejected && !NeedsRefresh(tokens, options, now))
        {
            return GamUserAccessToken.Success(tokens.AccessToken, tokens.ExpiresAt, "the saved access token is still valid");
        }

        if (tokens.RefreshToken is null)
        {
            if (!rejected && !tokens.IsExpired(now))
            {
                return GamUserAccessToken.Success(tokens.AccessToken, tokens.ExpiresAt, "the access token expires soon and GAM issued no refresh token");
            }

            return await SignOutAsync(context, state, signInScheme, options.Scheme, "the access token expired or was rejected and GAM issued no refresh token").ConfigureAwait(false);
        }

        // A result shared by a refresh done a while ago may itself be near expiry: then go on with its refresh token.
        var refresh = await RefreshSharedAsync(gam, options.Scheme, tokens.RefreshToken).ConfigureAwait(false);
        SavedTokens? renewed = null;
        for (var round = 0; refresh.IsSuccess; round++)
        {
            var token = refresh.Token!;
            // GAM answers refresh_token "" on the last allowed renewal: from then on there is nothing to refresh with.
            renewed = new SavedTokens(token.AccessToken, token.RefreshToken, token.ExpiresAt, token.TokenType, token.RequestedAt)
            {
                Scope = token.Scopes.Count > 0 ? string.Join('+', token.Scopes) : null,
                UserGuid = token.UserGuid,
            };
            if (round == 2 || renewed.RefreshToken is null || !NeedsRefresh(renewed, options, _timeProvider.GetUtcNow()))
            {
                break;
            }

            refresh = await RefreshSharedAsync(gam, options.Scheme, renewed.RefreshToken).ConfigureAwait(false);
        }

        if (renewed is not null && (refresh.IsSuccess || refresh.Status == GamTokenResultStatus.Unavailable))
        {
            lock (state)
            {
                state.Tokens = renewed;
            }

            await SaveAsync(context, signInScheme, authentication, renewed).ConfigureAwait(false);
            return GamUserAccessToken.Success(renewed.AccessToken, renewed.ExpiresAt, "the access token was refreshed");
        }

        switch (refresh.Status)
        {
            case GamTokenResultStatus.Unavailable:
                // Not the user's fault: keep the session and let the downstream API judge the current token.
                Log.RefreshUnavailable(_logger, options.Scheme, refresh.Reason);
                return GamUserAccessToken.Success(tokens.AccessToken, tokens.ExpiresAt, "GAM could not be reached to refresh; using the current access token");

            default:
                return await SignOutAsync(context, state, signInScheme, options.Scheme, $"GAM refused the refresh ({refresh.Reason})").ConfigureAwait(false);
        }
    }

    private static bool NeedsRefresh(SavedTokens tokens, GamUserAccessTokenOptions options, DateTimeOffset now)
    {
        if (tokens.ExpiresAt is not { } expiresAt)
        {
            return false;
        }

        var margin = options.RefreshBeforeExpiry;
        if (tokens.IssuedAt is { } issuedAt && expiresAt > issuedAt && margin > (expiresAt - issuedAt) / 2)
        {
            margin = (expiresAt - issuedAt) / 2;
        }

        return now >= expiresAt - margin;
    }

    /// <summary>One refresh per refresh token at a time in this process; the result is kept briefly for late callers.</summary>
    private Task<GamTokenResult> RefreshSharedAsync(GamOptions gam, string scheme, string refreshToken)
    {
        var key = scheme + ":" + GamTokenHash.Compute(refreshToken).ToBase64Url();
        lock (_refreshGate)
        {
            var now = _timeProvider.GetUtcNow();
            if (_recent.TryGetValue(key, out var recent))
            {
                if (recent.Until > now)
                {
                    Log.RefreshReused(_logger, scheme, GamTokenHash.Compute(refreshToken).ShortId());
                    return Task.FromResult(recent.Result);
                }

                _recent.Remove(key);
            }

            if (!_refreshing.TryGetValue(key, out var running))
            {
                // The refresh is shared by every request of this user: run it without the first request's
                // ExecutionContext (HttpContext accessor, activity, culture), which must not leak into the others.
                using (ExecutionContext.SuppressFlow())
                {
                    running = Task.Run(() => RefreshAndRememberAsync(gam, scheme, refreshToken, key), CancellationToken.None);
                }
                _refreshing[key] = running;
            }

            return running;
        }
    }

    private async Task<GamTokenResult> RefreshAndRememberAsync(GamOptions gam, string scheme, string refreshToken, string key)
    {
        GamTokenResult? result = null;
        try
        {
            result = await RefreshAsync(gam, scheme, refreshToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            lock (_refreshGate)
            {
                var now = _timeProvider.GetUtcNow();
                if (result is not null && result.Status != GamTokenResultStatus.Unavailable)
                {
                    if (_recent.Count > 256)
                    {
                        foreach (var stale in _recent.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
                        {
                            _recent.Remove(stale);
                        }
                    }

                    _recent[key] = (result, now + RecentRefreshLifetime);
                }

                _refreshing.Remove(key);
            }
        }
    }

    private async Task<GamTokenResult> RefreshAsync(GamOptions gam, string scheme, string refreshToken)
    {
        if (string.IsNullOrEmpty(gam.TokenEndpoint) || gam.Backchannel is null)
        {
            throw new InvalidOperationException($"GAM: scheme '{scheme}' has no token endpoint or backchannel; is AddGam() registered with that name?");
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", gam.ClientId),
        };

        if (!string.IsNullOrEmpty(gam.ClientSecret))
        {
            form.Add(new("client_secret", gam.ClientSecret));
        }

        var issuedAt = _timeProvider.GetUtcNow();
        using var response = await GamTokenEndpointClient.PostAsync(gam.Backchannel, new Uri(gam.TokenEndpoint), form, gam.MaxResponseBytes, CancellationToken.None).ConfigureAwait(false);
        var result = GamTokenResult.From(response, issuedAt);
        if (result.IsSuccess)
        {
            Log.Refreshed(_logger, scheme, GamTokenHash.Compute(refreshToken).ShortId(), result.Token!.ExpiresAt?.ToString("o", CultureInfo.InvariantCulture) ?? "never");
        }
        else
        {
            Log.RefreshFailed(_logger, scheme, GamTokenHash.Compute(refreshToken).ShortId(), result.Status.ToString(), result.HttpStatus ?? 0, result.ErrorCode ?? "none");
        }

        return result;
    }

    private async Task SaveAsync(HttpContext context, string signInScheme, AuthenticateResult authentication, SavedTokens tokens)
    {
        var properties = authentication.Properties!;
        var saved = properties.GetTokens().Where(t => t.Name is not ("access_token" or "refresh_token" or "expires_at" or "token_type")).ToList();
        Replace(GamTokenNames.Scope, tokens.Scope);
        Replace(GamTokenNames.UserGuid, tokens.UserGuid);
        saved.Add(new AuthenticationToken { Name = "access_token", Value = tokens.AccessToken });
        if (tokens.RefreshToken is not null)
        {
            saved.Add(new AuthenticationToken { Name = "refresh_token", Value = tokens.RefreshToken });
        }

        if (tokens.TokenType is not null)
        {
            saved.Add(new AuthenticationToken { Name = "token_type", Value = tokens.TokenType });
        }

        if (tokens.ExpiresAt is { } expiresAt)
        {
            saved.Add(new AuthenticationToken { Name = "expires_at", Value = expiresAt.ToString("o", CultureInfo.InvariantCulture) });
        }

        properties.StoreTokens(saved);
        properties.Items[TokenIssuedItem] = tokens.IssuedAt?.ToString("o", CultureInfo.InvariantCulture);

        if (context.Response.HasStarted)
        {
            Log.CookieNotUpdated(_logger, signInScheme);
            return;
        }

        await context.SignInAsync(signInScheme, authentication.Principal!, properties).ConfigureAwait(false);

        void Replace(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                saved.RemoveAll(t => t.Name == name);
                saved.Add(new AuthenticationToken { Name = name, Value = value });
            }
        }
    }

    private async Task<GamUserAccessToken> SignOutAsync(HttpContext context, RequestState state, string signInScheme, string scheme, string reason)
    {
        Log.SigningOut(_logger, scheme, reason);
        lock (state)
        {
            state.Tokens = null;
        }

        if (!context.Response.HasStarted)
        {
            await context.SignOutAsync(signInScheme).ConfigureAwait(false);
        }

        return GamUserAccessToken.SignedOut(reason + "; the user was signed out locally");
    }

    private static RequestState GetState(HttpContext context, string scheme)
    {
        var key = RequestStateKeyPrefix + scheme;
        var items = context.Items;
        lock (items)
        {
            if (items.TryGetValue(key, out var value) && value is RequestState existing)
            {
                return existing;
            }

            var created = new RequestState();
            items[key] = created;
            return created;
        }
    }

    private static RequestState? PeekState(HttpContext context, string scheme)
    {
        var items = context.Items;
        lock (items)
        {
            return items.TryGetValue(RequestStateKeyPrefix + scheme, out var value) ? value as RequestState : null;
        }
    }

    /// <summary>What one request knows about the user's tokens. Lock on the instance.</summary>
    private sealed class RequestState
    {
        public Task<GamUserAccessToken>? Pending;
        public GamUserAccessToken? Result;
        public SavedTokens? Tokens;
    }

    private sealed record SavedTokens(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, string? TokenType, DateTimeOffset? IssuedAt)
    {
        /// <summary>The scopes a refresh granted, <c>+</c>-joined as GAM sends them.</summary>
        public string? Scope { get; init; }

        /// <summary>The user GUID a refresh reported.</summary>
        public string? UserGuid { get; init; }

        public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;

        public static SavedTokens? Read(AuthenticationProperties properties)
        {
            var accessToken = properties.GetTokenValue("access_token");
            if (string.IsNullOrEmpty(accessToken))
            {
                return null;
            }

            var refreshToken = properties.GetTokenValue("refresh_token");
            return new SavedTokens(
                accessToken,
                string.IsNullOrEmpty(refreshToken) ? null : refreshToken,
                ParseInstant(properties.GetTokenValue("expires_at")),
                properties.GetTokenValue("token_type"),
                (properties.Items.TryGetValue(TokenIssuedItem, out var issued) ? ParseInstant(issued) : null) ?? properties.IssuedUtc);
        }

        private static DateTimeOffset? ParseInstant(string? value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) ? instant : null;

        // Records print their members; these hold tokens.
        public override string ToString() => "saved GAM tokens";
    }

    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Information, "GAM scheme {Scheme}: refreshed the user's access token (refresh token {RefreshTokenHash}…); new expiry {ExpiresAt}")]
        public static partial void Refreshed(ILogger logger, string scheme, string refreshTokenHash, string expiresAt);

        [LoggerMessage(302, LogLevel.Warning, "GAM scheme {Scheme}: the refresh (refresh token {RefreshTokenHash}…) failed: {Status}, HTTP {HttpStatus}, GAM code {GamCode}")]
        public static partial void RefreshFailed(ILogger logger, string scheme, string refreshTokenHash, string status, int httpStatus, string gamCode);

        [LoggerMessage(303, LogLevel.Debug, "GAM scheme {Scheme}: reusing the result of the refresh of refresh token {RefreshTokenHash}… done moments ago")]
        public static partial void RefreshReused(ILogger logger, string scheme, string refreshTokenHash);

        [LoggerMessage(304, LogLevel.Warning, "GAM scheme {Scheme}: GAM could not be reached to refresh the access token ({Reason}); the current token is used")]
        public static partial void RefreshUnavailable(ILogger logger, string scheme, string reason);

        [LoggerMessage(305, LogLevel.Warning, "GAM sign-in scheme {SignInScheme}: the response had already started, so the refreshed tokens could not be written to the cookie")]
        public static partial void CookieNotUpdated(ILogger logger, string signInScheme);

        [LoggerMessage(306, LogLevel.Information, "GAM scheme {Scheme}: signing the user out locally: {Reason}")]
        public static partial void SigningOut(ILogger logger, string scheme, string reason);
    }
}
