using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

// Extension methods live in the namespace of the framework's own HttpContext.GetTokenAsync.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Authentication;
#pragma warning restore IDE0130

/// <summary>The signed-in user's GAM access token from the current request, as <c>HttpContext.GetTokenAsync</c> reads saved tokens.</summary>
public static class GamHttpContextExtensions
{
    /// <summary>
    /// The signed-in user's GAM access token, refreshed first when it is about to expire (and written back into the
    /// cookie): what <see cref="GamUserTokenManager.GetTokenAsync"/> answers. Needs <c>AddGam()</c>.
    /// </summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="options">The GAM scheme, sign-in scheme and refresh margin; null uses the defaults (scheme <c>Gam</c>).</param>
    /// <param name="cancellationToken">Stops waiting (a shared refresh continues for other callers).</param>
    /// <returns>The token, or why there is none.</returns>
    public static Task<GamUserAccessToken> GetGamUserAccessTokenAsync(this HttpContext httpContext, GamUserAccessTokenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var manager = httpContext.RequestServices.GetService<GamUserTokenManager>()
            ?? throw new InvalidOperationException("GAM: HttpContext.GetGamUserAccessTokenAsync() needs AddGam() (or AddGamUserAccessToken()) to be registered.");
        return manager.GetTokenAsync(httpContext, options, cancellationToken);
    }
}
