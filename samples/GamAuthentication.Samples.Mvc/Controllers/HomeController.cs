using GamAuthentication.Samples.Mvc.Session;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GamAuthentication.Samples.Mvc.Controllers;

/// <summary>The home page (with the session panel once signed in), the claims, the admin page and the error pages.</summary>
public sealed class HomeController(SessionTracker sessions) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var session = User.Identity?.IsAuthenticated == true ? await sessions.CurrentAsync(HttpContext) : null;
        return View(session);
    }

    [Authorize]
    [HttpGet("/claims")]
    public IActionResult Claims() => View(User);

    [Authorize(Roles = "Administrator")]
    [HttpGet("/admin")]
    public IActionResult Admin() => View();

    [HttpGet("/denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("/error")]
    public IActionResult Error()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View();
    }
}
