using System.Security.Claims;
using GamAuthentication.Claims;
using GamAuthentication.Samples.Mvc.Session;
using GamAuthentication.StackExchangeRedis.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GamAuthentication.Samples.Mvc.Farm;

/// <summary>
/// "Sign out everywhere", in farm mode with server-side sessions: ends every session of the signed-in GAM user (other
/// browsers and devices, made on any instance), then signs this browser out of GAM as the ordinary sign-out does.
/// </summary>
public sealed class SignOutEverywhereController : Controller
{
    /// <summary>Whether the action is available: server-side sessions are on.</summary>
    public static bool IsAvailable(HttpContext context) => context?.RequestServices.GetService<GamSessions>() is not null;

    [Authorize]
    [HttpPost("/signout-everywhere")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOutEverywhere()
    {
        var sessions = HttpContext.RequestServices.GetService<GamSessions>();
        var userGuid = User.FindFirstValue(GamClaimTypes.UserGuid);
        if (sessions is null || string.IsNullOrEmpty(userGuid))
        {
            return NotFound();
        }

        // This request's own ticket was read before: GAM's sign-out below still finds its token.
        await sessions.EndAllAsync(userGuid, HttpContext.RequestAborted);
        LastRefreshCookie.Delete(HttpContext);
        return SignOut(new AuthenticationProperties { RedirectUri = "/" }, CookieAuthenticationDefaults.AuthenticationScheme, GamDefaults.AuthenticationScheme);
    }
}
