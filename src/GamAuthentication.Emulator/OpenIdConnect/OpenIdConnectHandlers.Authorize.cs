using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

// The authorization endpoint: the request, the shared sign-in page, the answer (query or form_post).
internal sealed partial class OpenIdConnectHandlers
{
    public Task AuthorizeGetAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignIn);
        var parameters = RequestParameters.FromQuery(context.Request);
        var (pageError, redirectError, request) = ParseAuthorize(parameters);
        if (pageError is not null)
        {
            emulator.LogRejected("authorize", pageError);
            return HtmlPages.WriteErrorAsync(context, pageError);
        }

        // The emulator keeps no browser session, so it can never sign a user in without the form.
        if (redirectError is null && string.Equals(parameters["prompt"], "none", StringComparison.Ordinal))
        {
            redirectError = new OAuthError("login_required", "the emulator keeps no session: prompt=none cannot be satisfied", 400);
        }

        if (redirectError is not null)
        {
            emulator.LogRejected("authorize", redirectError.Error, redirectError.Description);
            return RespondAsync(context, request!, ("error", redirectError.Error), ("error_description", redirectError.Description), ("state", request!.State));
        }

        return HtmlPages.WriteSignInAsync(context, emulator, request!, error: null, userName: string.Empty);
    }

    public async Task AuthorizePostAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignIn);
        var parameters = await RequestParameters.ReadAsync(context).ConfigureAwait(false);
        if (parameters is null)
        {
            await HtmlPages.WriteErrorAsync(context, GamError.MissingParameter("client_id")).ConfigureAwait(false);
            return;
        }

        var (pageError, redirectError, request) = ParseAuthorize(parameters);
        if (pageError is not null)
        {
            emulator.LogRejected("authorize", pageError);
            await HtmlPages.WriteErrorAsync(context, pageError).ConfigureAwait(false);
            return;
        }

        if (redirectError is not null)
        {
            emulator.LogRejected("authorize", redirectError.Error, redirectError.Description);
            await RespondAsync(context, request!, ("error", redirectError.Error), ("error_description", redirectError.Description), ("state", request!.State)).ConfigureAwait(false);
            return;
        }

        await _signIn.PostAsync(context, parameters, request!, CompleteSignInAsync).ConfigureAwait(false);
    }

    private Task CompleteSignInAsync(HttpContext context, AuthorizeRequest request, GamEmulatorUser user)
    {
        var grant = ScopeGrant.ForOpenIdConnect(request.Scope, request.Client);
        var code = emulator.CreateCode(request.Client, request.RedirectUri, user, grant, request.CodeChallenge, request.CodeChallengeMethod, request.Nonce);
        return RespondAsync(context, request, ("code", code), ("state", request.State));
    }

    /// <summary>The authorization response: a redirect with a query, or an auto-posted form (<c>response_mode=form_post</c>).</summary>
    private static Task RespondAsync(HttpContext context, AuthorizeRequest request, params (string Name, string? Value)[] fields)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (request.ResponseMode == "form_post")
        {
            var posted = fields.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => (f.Name, f.Value!));
            return HtmlPages.WriteFormPostAsync(context, request.RedirectUri, posted);
        }

        context.Response.Redirect(UrlQuery.Append(request.RedirectUri, fields));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Client and redirect URI first: their errors are pages (never a redirect to an unchecked URI). Every
    /// later error is sent to the client's redirect URI, as OAuth 2.0 §4.1.2.1 says.
    /// </summary>
    private (GamError? PageError, OAuthError? RedirectError, AuthorizeRequest? Request) ParseAuthorize(RequestParameters parameters)
    {
        var redirectUri = parameters["redirect_uri"];
        if (!emulator.TryGetCallback(parameters["client_id"], redirectUri, out var client, out var pageError))
        {
            return (pageError, null, null);
        }

        var responseMode = parameters["response_mode"] switch
        {
            "" or "query" => "query",
            "form_post" => "form_post",
            _ => null,
        };
        var challenge = parameters["code_challenge"];
        var method = challenge.Length == 0 || client.PkceMode == GamEmulatorPkceMode.Disabled ? null : parameters["code_challenge_method"] switch
        {
            "" or "plain" => "plain",
            "S256" => "S256",
            _ => string.Empty,
        };
        var request = new AuthorizeRequest(
            client,
            redirectUri,
            parameters["state"],
            parameters["scope"],
            method is null ? null : challenge,
            method,
            Repository: string.Empty,
            Nonce: parameters["nonce"],
            ResponseMode: responseMode ?? "query");

        OAuthError? error = null;
        if (responseMode is null)
        {
            error = new OAuthError("invalid_request", "response_mode must be query or form_post", 400);
        }
        else if (parameters["response_type"] != "code")
        {
            error = new OAuthError("unsupported_response_type", "response_type must be code", 400);
        }
        else if (method == string.Empty)
        {
            error = new OAuthError("invalid_request", "code_challenge_method must be S256 or plain", 400);
        }
        else if (method is null && client.PkceMode == GamEmulatorPkceMode.Required)
        {
            error = new OAuthError("invalid_request", "this client requires PKCE (code_challenge)", 400);
        }

        return (null, error, request);
    }
}
