using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

/// <summary>A validated authorization request (the query of <c>oauth/gam/signin</c>, or its hidden fields on POST).</summary>
internal sealed record AuthorizeRequest(
    GamEmulatorClient Client,
    string RedirectUri,
    string State,
    string Scope,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string Repository,
    string? Nonce = null,
    string? ResponseMode = null);

/// <summary>The HTML of the sign-in, second-factor and error pages. Everything echoed is HTML-encoded.</summary>
internal static class HtmlPages
{
    public const string Title = "GeneXus Access Manager (emulator)";

    private const string Style =
        "body{font-family:system-ui,sans-serif;background:#f4f6f8;margin:0}" +
        "main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}" +
        "h1{font-size:1.3rem;margin-top:0}label{display:block;margin-top:1rem}" +
        "input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}" +
        "button{margin-top:1.2rem;padding:.6rem 1.4rem}.error{color:#b00020}" +
        "aside{margin-top:1.5rem;font-size:.85rem;color:#555}code{background:#eef;padding:0 .2rem}";

    private static string E(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static Task WriteSignInAsync(HttpContext context, GamEmulator emulator, AuthorizeRequest request, string? error, string userName)
    {
        var html = new StringBuilder(4096);
        Begin(html);
        html.Append("<p>Sign in to continue to <strong>").Append(E(request.Client.ClientId)).Append("</strong>.</p>\n");
        AppendError(html, error);
        html.Append("<form method=\"post\" action=\"").Append(E(Action(context))).Append("\">\n");
        AppendHidden(html, request);
        html.Append("<label for=\"username\">User name</label><input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" autofocus value=\"")
            .Append(E(userName)).Append("\">\n");
        html.Append("<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">\n");
        html.Append("<button type=\"submit\" id=\"signin\">Sign in</button>\n</form>\n");
        AppendDemoData(html, emulator);
        return EndAsync(context, html, StatusCodes.Status200OK);
    }

    public static Task WriteSecondFactorAsync(HttpContext context, AuthorizeRequest request, string ticket, string? error)
    {
        var html = new StringBuilder(2048);
        Begin(html);
        html.Append("<p>To enter the application, the second authentication factor must be validated.</p>\n");
        AppendError(html, error);
        html.Append("<form method=\"post\" action=\"").Append(E(Action(context))).Append("\">\n");
        AppendHidden(html, request);
        html.Append("<input type=\"hidden\" name=\"login_ticket\" value=\"").Append(E(ticket)).Append("\">\n");
        html.Append("<label for=\"otp\">One-time password</label><input type=\"text\" id=\"otp\" name=\"otp\" autocomplete=\"one-time-code\" autofocus>\n");
        html.Append("<button type=\"submit\" id=\"verify\">Verify</button>\n</form>\n");
        html.Append("<aside>Demo second factor of user <code>").Append(E(GamEmulatorDefaults.OtpUserName)).Append("</code>: <code>")
            .Append(E(GamEmulatorDefaults.OtpCode)).Append("</code></aside>\n");
        return EndAsync(context, html, StatusCodes.Status200OK);
    }

    public static Task WriteErrorAsync(HttpContext context, GamError error)
    {
        var html = new StringBuilder(1024);
        Begin(html);
        html.Append("<p class=\"error\" role=\"alert\">Error <span id=\"error-code\">").Append(E(error.Code)).Append("</span>: <span id=\"error-message\">")
            .Append(E(error.Message)).Append("</span></p>\n");
        // Browser-facing errors are always 400 pages, whatever the JSON status of the code would be.
        return EndAsync(context, html, StatusCodes.Status400BadRequest);
    }

    /// <summary>The OAuth <c>form_post</c> response mode: a page that posts <paramref name="fields"/> to <paramref name="target"/> at once.</summary>
    public static Task WriteFormPostAsync(HttpContext context, string target, IEnumerable<(string Name, string Value)> fields)
    {
        var html = new StringBuilder(1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>").Append(Title)
            .Append("</title></head>\n<body onload=\"document.forms[0].submit()\"><main>\n<form method=\"post\" action=\"").Append(E(target)).Append("\">\n");
        foreach (var (name, value) in fields)
        {
            Hidden(html, name, value);
        }

        html.Append("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n");
        return EndAsync(context, html, StatusCodes.Status200OK);
    }

    /// <summary>The end-session page shown when no post-logout redirect URL was sent.</summary>
    public static Task WriteSignedOutAsync(HttpContext context)
    {
        var html = new StringBuilder(1024);
        Begin(html);
        html.Append("<p id=\"signed-out\">You are signed out.</p>\n");
        return EndAsync(context, html, StatusCodes.Status200OK);
    }

    private static string Action(HttpContext context) => context.Request.PathBase.Add(context.Request.Path).ToUriComponent();

    private static void Begin(StringBuilder html) =>
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\"><title>").Append(Title).Append("</title><style>").Append(Style).Append("</style></head>\n<body><main>\n<h1>")
            .Append(Title).Append("</h1>\n");

    private static void AppendError(StringBuilder html, string? error)
    {
        if (!string.IsNullOrEmpty(error))
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>\n");
        }
    }

    private static void AppendHidden(StringBuilder html, AuthorizeRequest request)
    {
        Hidden(html, "response_type", "code");
        Hidden(html, "client_id", request.Client.ClientId);
        Hidden(html, "redirect_uri", request.RedirectUri);
        Hidden(html, "state", request.State);
        Hidden(html, "scope", request.Scope);
        if (request.CodeChallenge is not null)
        {
            Hidden(html, "code_challenge", request.CodeChallenge);
            Hidden(html, "code_challenge_method", request.CodeChallengeMethod);
        }

        if (!string.IsNullOrEmpty(request.Repository))
        {
            Hidden(html, "repository", request.Repository);
        }

        if (!string.IsNullOrEmpty(request.Nonce))
        {
            Hidden(html, "nonce", request.Nonce);
        }

        if (!string.IsNullOrEmpty(request.ResponseMode))
        {
            Hidden(html, "response_mode", request.ResponseMode);
        }
    }

    private static void Hidden(StringBuilder html, string name, string? value) =>
        html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append("\">\n");

    private static void AppendDemoData(StringBuilder html, GamEmulator emulator)
    {
        var lines = new List<string>();
        foreach (var (name, password, note) in new[]
                 {
                     (GamEmulatorDefaults.DemoUserName, GamEmulatorDefaults.DemoPassword, "role User"),
                     (GamEmulatorDefaults.AdminUserName, GamEmulatorDefaults.AdminPassword, "roles Administrator, User"),
                     (GamEmulatorDefaults.OtpUserName, GamEmulatorDefaults.OtpPassword, "second factor " + GamEmulatorDefaults.OtpCode),
                 })
        {
            if (emulator.FindUser(name) is { } user && user.Password == password)
            {
                lines.Add($"<li>user <code>{E(name)}</code> / password <code>{E(password)}</code> ({E(note)})</li>");
            }
        }

        if (emulator.FindClient(GamEmulatorDefaults.ClientId)?.ClientSecret == GamEmulatorDefaults.ClientSecret)
        {
            lines.Add($"<li>client <code>{E(GamEmulatorDefaults.ClientId)}</code> / secret <code>{E(GamEmulatorDefaults.ClientSecret)}</code></li>");
        }

        if (lines.Count > 0)
        {
            html.Append("<aside><p>Demo data of this emulator:</p><ul>\n").AppendJoin('\n', lines).Append("\n</ul></aside>\n");
        }
    }

    private static async Task EndAsync(HttpContext context, StringBuilder html, int statusCode)
    {
        html.Append("</main></body>\n</html>\n");
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XFrameOptions = "DENY";
        var bytes = Encoding.UTF8.GetBytes(html.ToString());
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
