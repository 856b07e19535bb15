using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens;

/// <summary>
/// Keeps the signed-in user's GAM access token usable. The policy: refresh shortly before the token expires (or when
/// a downstream API rejected it) with the saved refresh token; sign the user out locally when GAM refuses the refresh
/// or there is nothing to refresh with; keep the current token when GAM cannot be reached. Where the tokens live and
/// how a refresh is shared are not its business (see the remarks).
/// </summary>
/// <remarks>
/// <para>The tokens are read from, and a refresh written back into, the sign-in scheme's ticket: the cookie, or a
/// server-side session when the cookie handler has a <c>SessionStore</c>.</para>
/// <para>One refresh per refresh token at a time, per process: concurrent requests of the same user (which all carry
/// the old cookie) wait for the same refresh, and its result is kept for 10 seconds so that requests arriving a little
/// later with the old cookie get the new tokens instead of presenting a refresh token GAM has already rotated.</para>
/// </remarks>
public sealed partial class GamUserTokenManager
{
    private readonly IOptionsMonitor<GamOptions> _gamOptions;
    private readonly GamUserTokenStore _store;
    private readonly GamUserTokenRefresher _refresher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal GamUserTokenManager(IOptionsMonitor<GamOptions> gamOptions, GamUserTokenStore store, GamUserTokenRefresher refresher, TimeProvider time, ILogger<GamUserTokenManager> logger)
    {
        _gamOptions = gamOptions;
        _store = store;
        _refresher = refresher;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The signed-in user's access token, refreshed first when it expires within
    /// <see cref="GamUserAccessTokenOptions.RefreshBeforeExpiry"/>. Also available as
    /// <c>HttpContext.GetGamUserAccessTokenAsync()</c>.
    /// </summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="options">The settings; null uses the defaults (scheme <c>Gam</c>).</param>
    /// <param name="cancellationToken">Stops waiting (a shared refresh continues for other callers).</param>
    /// <returns>The token, or why there is none.</returns>
    public Task<GamUserAccessToken> GetTokenAsync(HttpContext httpContext, GamUserAccessTokenOptions? options = null, CancellationToken cancellationToken = default) =>
        GetCoreAsync(httpContext, options ?? new GamUserAccessTokenOptions(), null, cancellationToken);

    /// <summary>
    /// Refreshes the user's access token because a downstream API rejected <paramref name="rejectedAccessToken"/> (or
    /// because the app wants a new one now: pass the current one). When the token was already replaced (by a
    /// concurrent call), the newer token is returned without refreshing again.
    /// </summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="rejectedAccessToken">The access token to replace.</param>
    /// <param name="options">The settings; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A new token, or <see cref="GamUserAccessTokenStatus.SignedOut"/> when it could not be refreshed.</returns>
    public Task<GamUserAccessToken> RenewTokenAsync(HttpContext httpContext, string rejectedAccessToken, GamUserAccessTokenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rejectedAccessToken);
        return GetCoreAsync(httpContext, options ?? new GamUserAccessTokenOptions(), rejectedAccessToken, cancellationToken);
    }

    private async Task<GamUserAccessToken> GetCoreAsync(HttpContext httpContext, GamUserAccessTokenOptions options, string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var state = GamUserTokenStore.State(httpContext, options.Scheme);

        // Calls of one request share one evaluation: HttpContext (cookie reads, SignInAsync) is not thread-safe.
        for (var attempt = 0; ; attempt++)
        {
            Task<GamUserAccessToken> pending;
            lock (state)
            {
                if (state.Pending is null)
                {
                    if (state.Result is { } last && IsStillGood(last, rejectedAccessToken))
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

    private bool IsStillGood(GamUserAccessToken last, string? rejectedAccessToken) =>
        last.Status != GamUserAccessTokenStatus.Success ||
        (!string.Equals(last.AccessToken, rejectedAccessToken, StringComparison.Ordinal) && !(last.RefreshAt is { } at && _time.GetUtcNow() >= at));

    private async Task<GamUserAccessToken> EvaluateAsync(HttpContext context, GamUserTokenRequestState state, GamUserAccessTokenOptions options, string? rejectedAccessToken)
    {
        // Yield so the caller leaves the lock before any work happens.
        await Task.Yield();
        try
        {
            var result = await DecideAsync(context, options, rejectedAccessToken).ConfigureAwait(false);
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

    private async Task<GamUserAccessToken> DecideAsync(HttpContext context, GamUserAccessTokenOptions options, string? rejectedAccessToken)
    {
        var gam = _gamOptions.Get(options.Scheme);
        var saved = await _store.ReadAsync(context, options.Scheme, options.SignInScheme ?? gam.SignInScheme).ConfigureAwait(false);
        if (saved is null)
        {
            return GamUserAccessToken.NotSignedIn("no signed-in user");
        }

        if (saved.Token is not { } token)
        {
            return GamUserAccessToken.NotSignedIn("the sign-in saved no access token (GamOptions.SaveTokens is off)");
        }

        var rejected = string.Equals(token.AccessToken, rejectedAccessToken, StringComparison.Ordinal);
        if (!rejected && !NeedsRefresh(token, options))
        {
            return GamUserAccessToken.Success(token, RefreshAt(token, options), "the saved access token is still valid");
        }

        if (token.RefreshToken is null)
        {
            return !rejected && !token.IsExpired(_time.GetUtcNow())
                ? GamUserAccessToken.Success(token, RefreshAt(token, options), "the access token expires soon and GAM issued no refresh token")
                : await SignOutAsync(context, options.Scheme, saved, "the access token expired or was rejected and GAM issued no refresh token").ConfigureAwait(false);
        }

        // A result shared by a refresh done a moment ago may itself be near expiry: then go on with its refresh token.
        // OpenID Connect: a refreshed id_token must be about the user who signed in (the saved id_token's sub).
        var subject = Discovery.GamIdTokenSubject.Read(token.IdToken) ?? saved.Authentication.Principal?.FindFirst(Claims.GamClaimTypes.Subject)?.Value;
        var refresh = await _refresher.RefreshAsync(options.Scheme, gam, token.RefreshToken, subject).ConfigureAwait(false);
        GamToken? renewed = null;
        for (var round = 0; refresh.IsSuccess; round++)
        {
            renewed = refresh.Token!;

            // GAM answers refresh_token "" on the last allowed renewal: from then on there is nothing to refresh with.
            if (round == 2 || renewed.RefreshToken is null || !NeedsRefresh(renewed, options))
            {
                break;
            }

            refresh = await _refresher.RefreshAsync(options.Scheme, gam, renewed.RefreshToken, subject).ConfigureAwait(false);
        }

        if (renewed is not null && (refresh.IsSuccess || refresh.Status == GamTokenResultStatus.Unavailable))
        {
            await _store.WriteAsync(context, options.Scheme, saved, renewed).ConfigureAwait(false);
            return GamUserAccessToken.Success(renewed, RefreshAt(renewed, options), "the access token was refreshed", refreshed: true);
        }

        if (refresh.Status == GamTokenResultStatus.Unavailable)
        {
            // Not the user's fault: keep the session and let the downstream API judge the current token.
            LogRefreshUnavailable(_logger, options.Scheme, refresh.Reason);
            return GamUserAccessToken.Success(token, RefreshAt(token, options), "GAM could not be reached to refresh; using the current access token");
        }

        return await SignOutAsync(context, options.Scheme, saved, $"GAM refused the refresh ({refresh.Reason})").ConfigureAwait(false);
    }

    private bool NeedsRefresh(GamToken token, GamUserAccessTokenOptions options) =>
        RefreshAt(token, options) is { } at && _time.GetUtcNow() >= at;

    /// <summary><see cref="GamUserAccessTokenOptions.RefreshBeforeExpiry"/> before expiry, but never more than half the lifetime ahead.</summary>
    private static DateTimeOffset? RefreshAt(GamToken token, GamUserAccessTokenOptions options)
    {
        if (token.ExpiresAt is not { } expiresAt)
        {
            return null;
        }

        var margin = options.RefreshBeforeExpiry;
        if (token.RequestedAt is { } issuedAt && expiresAt > issuedAt && margin > (expiresAt - issuedAt) / 2)
        {
            margin = (expiresAt - issuedAt) / 2;
        }

        return expiresAt - margin;
    }

    private async Task<GamUserAccessToken> SignOutAsync(HttpContext context, string scheme, GamUserTokens saved, string reason)
    {
        LogSigningOut(_logger, scheme, reason);
        await _store.RemoveAsync(context, scheme, saved).ConfigureAwait(false);
        return GamUserAccessToken.SignedOut(reason + "; the user was signed out locally");
    }

    [LoggerMessage(304, LogLevel.Warning, "GAM scheme {Scheme}: GAM could not be reached to refresh the access token ({Reason}); the current token is used")]
    private static partial void LogRefreshUnavailable(ILogger logger, string scheme, string reason);

    [LoggerMessage(306, LogLevel.Information, "GAM scheme {Scheme}: signing the user out locally: {Reason}")]
    private static partial void LogSigningOut(ILogger logger, string scheme, string reason);
}
