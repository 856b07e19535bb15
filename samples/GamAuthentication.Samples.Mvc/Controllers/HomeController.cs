using System.Security.Claims;
using GamAuthentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GamAuthentication.Samples.Mvc.Controllers;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();

    [HttpGet("/signin")]
    public IActionResult SignIn(string? returnUrl = null) =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(returnUrl) ? returnUrl : "/claims" }, GamDefaults.AuthenticationScheme);

    [Authorize]
    [HttpGet("/claims")]
    public IActionResult Claims() => View(User);

    [Authorize(Roles = "Administrator")]
    [HttpGet("/admin")]
    public IActionResult Admin() => View();

    [HttpPost("/signout")]
    [ValidateAntiForgeryToken]
    public IActionResult SignOutUser() =>
        SignOut(new AuthenticationProperties { RedirectUri = "/" }, CookieAuthenticationDefaults.AuthenticationScheme);

    [HttpGet("/denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("/error")]
    public IActionResult Error() => View();

    internal static IEnumerable<string> Roles(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value);
}
