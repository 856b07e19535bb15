using GamAuthentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GamMvcApp.Controllers;

public class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();

    /// <summary>Sends the browser to GAM's sign-in page; GAM sends it back to /signin-gam, then to the profile.</summary>
    [HttpGet("/signin")]
    public IActionResult SignInWithGam() =>
        Challenge(new AuthenticationProperties { RedirectUri = "/profile" }, GamDefaults.AuthenticationScheme);

    /// <summary>Any signed-in user: the claims GAM's userinfo endpoint returned.</summary>
    [Authorize]
    [HttpGet("/profile")]
    public IActionResult Profile() => View();

    /// <summary>Signs out of this app (the cookie) and of GAM (which ends the access token), then back to "/".</summary>
    [HttpPost("/signout")]
    [ValidateAntiForgeryToken]
    public IActionResult SignOutOfGam() =>
        SignOut(new AuthenticationProperties { RedirectUri = "/" }, CookieAuthenticationDefaults.AuthenticationScheme, GamDefaults.AuthenticationScheme);

    [HttpGet("/error")]
    public IActionResult Error() => View();
}
