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

    /// <summary>Calls the API sample's /api/me with the signed-in user's GAM token (refreshed when about to expire).</summary>
    [Authorize]
    [HttpGet("/call-api")]
    public async Task<IActionResult> CallApi([FromServices] IHttpClientFactory factory, [FromServices] IConfiguration configuration)
    {
        var client = factory.CreateClient(SampleApp.ApiClientName);
        var target = new Uri(client.BaseAddress!, "api/me");
        try
        {
            using var response = await client.GetAsync(target, HttpContext.RequestAborted);
            var body = await response.Content.ReadAsStringAsync(HttpContext.RequestAborted);
            return View(new CallApiModel(target.ToString(), (int)response.StatusCode, response.IsSuccessStatusCode ? PrettyJson(body) : body, Problem(response)));
        }
        catch (HttpRequestException)
        {
            return View(new CallApiModel(target.ToString(), null, null,
                $"The API sample is not running at {client.BaseAddress}. Start it with: " +
                $"dotnet run --project samples/GamAuthentication.Samples.Api -- --urls {client.BaseAddress} " +
                $"--Authentication:Schemes:GamBearer:Authority={SampleApp.EmulatorAuthority(configuration)}"));
        }
    }

    /// <summary>GAM sign-out: the cookie goes, then GAM ends the token and sends the browser back to "/".</summary>
    [HttpPost("/signout")]
    [ValidateAntiForgeryToken]
    public IActionResult SignOutUser() =>
        SignOut(new AuthenticationProperties { RedirectUri = "/" }, CookieAuthenticationDefaults.AuthenticationScheme, GamDefaults.AuthenticationScheme);

    private static string? Problem(HttpResponseMessage response) => response.StatusCode switch
    {
        _ when response.IsSuccessStatusCode => null,
        System.Net.HttpStatusCode.Unauthorized => "The API did not accept your GAM token (HTTP 401). If your session ended, sign in again.",
        System.Net.HttpStatusCode.Forbidden => "The API refused the call (HTTP 403).",
        System.Net.HttpStatusCode.ServiceUnavailable => "The API could not reach GAM to check your token (HTTP 503). Try again shortly.",
        _ => $"The API answered HTTP {(int)response.StatusCode}.",
    };

    private static string PrettyJson(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return System.Text.Json.JsonSerializer.Serialize(document.RootElement, PrettyOptions);
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions PrettyOptions = new() { WriteIndented = true };

    [HttpGet("/denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("/error")]
    public IActionResult Error() => View();

    public sealed record CallApiModel(string Url, int? Status, string? Body, string? Problem);

    internal static IEnumerable<string> Roles(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value);
}
