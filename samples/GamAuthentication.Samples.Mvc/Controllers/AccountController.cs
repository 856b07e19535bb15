using GamAuthentication.Samples.Mvc.Session;
using GamAuthentication.Samples.Mvc.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace GamAuthentication.Samples.Mvc.Controllers;

/// <summary>Sign-in, the sign-out confirmation and GAM sign-out, and the friendly sign-in error page.</summary>
public sealed class AccountController : Controller
{
    [HttpGet("/signin")]
    public IActionResult SignIn(string? returnUrl = null) =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(returnUrl) ? returnUrl : "/" }, GamDefaults.AuthenticationScheme);

    /// <summary>Asks before signing out: a GET must never end a session (a link or an image could trigger it).</summary>
    [HttpGet("/signout")]
    public IActionResult ConfirmSignOut() =>
        User.Identity?.IsAuthenticated == true ? View("SignOut") : Redirect("/");

    /// <summary>GAM sign-out: the cookie goes, then GAM ends the token and sends the browser back to "/".</summary>
    [HttpPost("/signout")]
    [ValidateAntiForgeryToken]
    public IActionResult SignOutUser()
    {
        LastRefreshCookie.Delete(HttpContext);
        return SignOut(new AuthenticationProperties { RedirectUri = "/" }, CookieAuthenticationDefaults.AuthenticationScheme, GamDefaults.AuthenticationScheme);
    }

    /// <summary>Where <see cref="SignInFailures"/> sends a failed sign-in: a 4xx page, never a stack trace.</summary>
    [HttpGet(SignInFailures.ErrorPath)]
    public IActionResult SignInError(string? reason = null, string? gam = null)
    {
        var kind = SignInFailures.FromReason(reason);
        Response.StatusCode = kind == SignInFailureKind.Denied ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        Response.Headers.CacheControl = "no-store";
        return View(new SignInErrorModel(kind, SignInFailures.IsGamCode(gam) ? gam : null));
    }

    /// <summary>The error page's model.</summary>
    public sealed record SignInErrorModel(SignInFailureKind Kind, string? GamCode);
}
