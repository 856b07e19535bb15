using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using GamAuthentication.Samples.Mvc.Session;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GamAuthentication.Samples.Mvc.Controllers;

/// <summary>
/// Calls the API sample's /api/me with the signed-in user's GAM token and says truthfully what happened: the API is
/// not running, the API answered 401 to the token, the session ended before any call (no refresh possible), or success.
/// </summary>
public sealed class CallApiController(IHttpClientFactory factory, GamUserTokenManager manager, SessionTracker sessions, IConfiguration configuration) : Controller
{
    // Razor HTML-encodes the text; JSON's own \u0022-style escaping would only make it unreadable.
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Authorize]
    [HttpGet("/call-api")]
    public async Task<IActionResult> CallApi()
    {
        var client = factory.CreateClient(SampleApp.ApiClientName);
        var target = new Uri(client.BaseAddress!, "api/me");
        var before = await SessionTracker.CookieAccessTokenAsync(HttpContext);

        // Ask for the token first: when it cannot be refreshed the session is over and the API is never called.
        var token = await manager.GetTokenAsync(HttpContext, sessions.TokenOptions, HttpContext.RequestAborted);
        if (!token.IsSuccess)
        {
            await Describe(before, token);
            return View(CallApiModel.SessionEnded(target, null));
        }

        CallApiModel model;
        try
        {
            using var response = await client.GetAsync(target, HttpContext.RequestAborted);
            var body = await response.Content.ReadAsStringAsync(HttpContext.RequestAborted);

            // The client's handler may have refreshed (or, failing that, ended the session) on a 401 from the API.
            var after = await manager.GetTokenAsync(HttpContext, sessions.TokenOptions, HttpContext.RequestAborted);
            await Describe(before, after);
            model = !after.IsSuccess
                ? CallApiModel.SessionEnded(target, (int)response.StatusCode)
                : response.IsSuccessStatusCode
                    ? CallApiModel.Success(target, (int)response.StatusCode, PrettyJson(body))
                    : CallApiModel.Refused(target, (int)response.StatusCode, Problem(response.StatusCode, client.BaseAddress!));
        }
        catch (HttpRequestException)
        {
            model = CallApiModel.NotRunning(target,
                $"dotnet run --project samples/GamAuthentication.Samples.Api -- --urls {client.BaseAddress} " +
                $"--Authentication:Schemes:GamBearer:Authority={SampleApp.EmulatorAuthority(configuration)}");
        }

        return View(model);
    }

    private async Task Describe(string? before, GamUserAccessToken token)
    {
        if (before is not null)
        {
            await sessions.DescribeAsync(HttpContext, before, token, RefreshKind.Automatic);
        }
    }

    private string Problem(HttpStatusCode status, Uri api) => status switch
    {
        HttpStatusCode.Unauthorized =>
            $"The API at {api} answered 401: it did not accept your GAM token, even after a refresh. It checks tokens with its own GAM; " +
            $"start it with --Authentication:Schemes:GamBearer:Authority={SampleApp.EmulatorAuthority(configuration)} so it asks the GAM you signed in with.",
        HttpStatusCode.Forbidden => "The API accepted your token but refused the call (HTTP 403): your roles do not allow it.",
        HttpStatusCode.ServiceUnavailable => "The API could not reach GAM to check your token (HTTP 503). Try again shortly.",
        _ => $"The API answered HTTP {(int)status}.",
    };

    private static string PrettyJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, Pretty);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}

/// <summary>What /call-api found.</summary>
public enum CallApiOutcome
{
    /// <summary>The API answered 2xx.</summary>
    Success = 0,

    /// <summary>Nothing listens at the API's address.</summary>
    NotRunning = 1,

    /// <summary>The API answered, but not with success (401, 403, 503...).</summary>
    Refused = 2,

    /// <summary>The token could not be refreshed: the user was signed out and must sign in again.</summary>
    SessionEnded = 3,
}

/// <summary>The /call-api page's model.</summary>
public sealed record CallApiModel(CallApiOutcome Outcome, string Url, int? Status, string? Body, string? Message)
{
    public static CallApiModel Success(Uri url, int status, string body) => new(CallApiOutcome.Success, url.ToString(), status, body, null);

    public static CallApiModel NotRunning(Uri url, string command) => new(CallApiOutcome.NotRunning, url.ToString(), null, null, command);

    public static CallApiModel Refused(Uri url, int status, string message) => new(CallApiOutcome.Refused, url.ToString(), status, null, message);

    /// <param name="url">The API address.</param>
    /// <param name="apiStatus">What the API answered before the session ended, or null when it was never called.</param>
    public static CallApiModel SessionEnded(Uri url, int? apiStatus) => new(CallApiOutcome.SessionEnded, url.ToString(), apiStatus, null, null);
}
