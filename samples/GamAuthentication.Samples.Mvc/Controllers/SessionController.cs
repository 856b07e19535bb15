using GamAuthentication.Samples.Mvc.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace GamAuthentication.Samples.Mvc.Controllers;

/// <summary>The session panel's live data and its "Refresh now" button.</summary>
public sealed class SessionController(SessionTracker sessions) : Controller
{
    /// <summary>
    /// The panel as JSON for session.js, which asks when the countdown reaches the refresh point: like any call that
    /// needs the token, this refreshes it when it is due. Fingerprints only, never a token.
    /// </summary>
    [HttpGet("/session/status")]
    public async Task<IActionResult> Status()
    {
        Response.Headers.CacheControl = "no-store";
        var session = User.Identity?.IsAuthenticated == true ? await sessions.CurrentAsync(HttpContext) : null;
        return Json(SessionStatus.From(session));
    }

    /// <summary>Forces a refresh with GAM's refresh token, then shows the panel again (post/redirect/get).</summary>
    [HttpPost("/session/refresh")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Refresh()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Redirect("/");
        }

        // Only whether there is one; the token itself stays in the cookie.
        if (string.IsNullOrEmpty(await HttpContext.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, "refresh_token")))
        {
            // Renewing without a refresh token would only end the session: say why instead.
            TempData[Flash.Key] = "GAM issued no refresh token for this sign-in (GAM's MaxTokenRenewals is 0, or the renewals are used up), so there is nothing to refresh with.";
            return Redirect("/");
        }

        var session = await sessions.RefreshNowAsync(HttpContext);
        TempData[Flash.Key] = session switch
        {
            null or { Ended: true } => "GAM refused the refresh, so you were signed out. Sign in again.",
            { LastRefresh: { Kind: RefreshKind.Manual } last } => $"Refreshed: access token {last.From}… is now {last.To}…",
            _ => "The access token did not change.",
        };
        return Redirect("/");
    }
}
