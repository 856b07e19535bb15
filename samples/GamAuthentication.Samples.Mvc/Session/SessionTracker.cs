using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using System.Security.Claims;

namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>
/// Reads the signed-in user's token state for the session panel and notices refreshes. The library refreshes
/// inside <see cref="GamUserTokenManager"/>; the sample sees a refresh by comparing the cookie's access token at the
/// start of the request with the token the manager hands out, and records old → new fingerprints in
/// <see cref="LastRefreshCookie"/>.
/// </summary>
public sealed partial class SessionTracker(
    GamUserTokenManager manager,
    IOptionsMonitor<GamUserAccessTokenOptions> tokenOptions,
    TimeProvider timeProvider,
    ILogger<SessionTracker> logger)
{
    /// <summary>The same settings the API client uses, so the panel's refresh point is the one the client acts on.</summary>
    public GamUserAccessTokenOptions TokenOptions => tokenOptions.Get(SampleApp.ApiClientName);

    /// <summary>The access token the request's cookie carried (read before anything refreshes it).</summary>
    public static Task<string?> CookieAccessTokenAsync(HttpContext context) =>
        context.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, "access_token");

    /// <summary>The session as it is now; refreshes the token first when it is due (as any API call would).</summary>
    public async Task<SessionInfo?> CurrentAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var before = await CookieAccessTokenAsync(context);
        if (before is null)
        {
            return null;
        }

        var token = await manager.GetTokenAsync(context, TokenOptions, context.RequestAborted);
        return await DescribeAsync(context, before, token, RefreshKind.Automatic);
    }

    /// <summary>Forces a refresh ("Refresh now"). Null when the user is not signed in.</summary>
    public async Task<SessionInfo?> RefreshNowAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var before = await CookieAccessTokenAsync(context);
        if (before is null)
        {
            return null;
        }

        var token = await manager.RenewTokenAsync(context, before, TokenOptions, context.RequestAborted);
        return await DescribeAsync(context, before, token, RefreshKind.Manual);
    }

    /// <summary>
    /// Builds the panel from the manager's answer: records a refresh when the token changed since the request
    /// started, and, when the manager signed the user out, makes the rest of the request anonymous too.
    /// </summary>
    public async Task<SessionInfo> DescribeAsync(HttpContext context, string before, GamUserAccessToken token, RefreshKind kind)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        var now = timeProvider.GetUtcNow();
        var user = context.User;
        var name = user.Identity?.Name;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (!token.IsSuccess)
        {
            // The manager already deleted the cookie; the page must not go on saying "signed in as".
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
            LastRefreshCookie.Delete(context);
            return new SessionInfo { UserName = name, Roles = roles, Ended = true, EndReason = token.Reason, Now = now };
        }

        var current = TokenFingerprint.Of(token.AccessToken!);
        var last = LastRefreshCookie.Read(context);
        if (!string.Equals(before, token.AccessToken, StringComparison.Ordinal))
        {
            last = new LastRefresh(now, kind, TokenFingerprint.Of(before), current);
            LastRefreshCookie.Write(context, last);
            LogRefreshSeen(logger, name ?? "(no name)", last.From, last.To, kind);
        }

        var properties = (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Properties;
        var issuedAt = last is not null && last.To == current ? last.At : properties?.IssuedUtc;
        return new SessionInfo
        {
            UserName = name,
            Roles = roles,
            AccessTokenFingerprint = current,
            ExpiresAt = token.ExpiresAt,
            Lifetime = token.ExpiresAt is { } expires && issuedAt is { } issued && expires > issued ? expires - issued : null,
            RefreshDueAt = token.HasRefreshToken ? token.RefreshAt : null,
            HasRefreshToken = token.HasRefreshToken,
            LastRefresh = last,
            Now = now,
        };
    }

    [LoggerMessage(1, LogLevel.Information, "Session of {User}: access token {From}… was refreshed to {To}… ({Kind})")]
    private static partial void LogRefreshSeen(ILogger logger, string user, string from, string to, RefreshKind kind);
}
