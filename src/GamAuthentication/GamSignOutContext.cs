using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication;

/// <summary>What an <see cref="IGamSignOutListener"/> is told about a sign-out. Never log <see cref="AccessToken"/>.</summary>
public sealed class GamSignOutContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The request that signs out.</param>
    /// <param name="scheme">The GAM scheme, e.g. <c>Gam</c>.</param>
    /// <param name="user">The user as the sign-in scheme knew them, when they were signed in.</param>
    /// <param name="accessToken">The user's current access token, when the sign-in saved one.</param>
    public GamSignOutContext(HttpContext httpContext, string scheme, ClaimsPrincipal? user, string? accessToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        HttpContext = httpContext;
        Scheme = scheme;
        User = user;
        AccessToken = accessToken;
    }

    /// <summary>The request that signs out.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The GAM scheme, e.g. <c>Gam</c>.</summary>
    public string Scheme { get; }

    /// <summary>The user as the sign-in scheme knew them, when they were signed in.</summary>
    public ClaimsPrincipal? User { get; }

    /// <summary>The user's current access token (after any refresh in this request), when the sign-in saved one.</summary>
    public string? AccessToken { get; }
}
