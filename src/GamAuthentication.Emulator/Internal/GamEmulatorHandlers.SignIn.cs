using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

// oauth/gam/signin: the authorization request, the sign-in page, the redirect with a code.
internal sealed partial class GamEmulatorHandlers
{
    public Task SignInGetAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignIn);
        var parameters = RequestParameters.FromQuery(context.Request);
        if (string.Equals(parameters["oauth"], "signout", StringComparison.OrdinalIgnoreCase))
        {
            return SignOutCoreAsync(context, parameters);
        }

        var error = ParseAuthorize(parameters, out var request);
        if (error is not null)
        {
            emulator.LogRejected("signin", error);
            return HtmlPages.WriteErrorAsync(context, error);
        }

        return HtmlPages.WriteSignInAsync(context, emulator, request!, error: null, userName: string.Empty);
    }

    public async Task SignInPostAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignIn);
        var parameters = await RequestParameters.ReadAsync(context).ConfigureAwait(false);
        AuthorizeRequest? request = null;
        var error = parameters is null ? GamError.MissingParameter("client_id") : ParseAuthorize(parameters, out request);
        if (error is not null)
        {
            emulator.LogRejected("signin", error);
            await HtmlPages.WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        await _signIn.PostAsync(context, parameters!, request!, RedirectWithCodeAsync).ConfigureAwait(false);
    }

    private Task RedirectWithCodeAsync(HttpContext context, AuthorizeRequest request, GamEmulatorUser user)
    {
        var grant = ScopeGrant.ForRequest(request.Scope, request.Client);
        var code = emulator.CreateCode(request.Client, request.RedirectUri, user, grant, request.CodeChallenge, request.CodeChallengeMethod);
        var location = UrlQuery.Append(request.RedirectUri, ("state", request.State), ("code", code));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(location);
        return Task.CompletedTask;
    }

    /// <summary>Validates an authorization request; the client and redirect URI first, so errors never redirect.</summary>
    private GamError? ParseAuthorize(RequestParameters parameters, out AuthorizeRequest? request)
    {
        request = null;
        var responseType = parameters["response_type"];
        var isCode = string.Equals(responseType, "code", StringComparison.OrdinalIgnoreCase)
            || (responseType.Length == 0 && string.Equals(parameters["oauth"], "auth", StringComparison.OrdinalIgnoreCase));
        if (!isCode)
        {
            return GamError.UnsupportedResponseType;
        }

        var redirectUri = parameters["redirect_uri"];
        if (!emulator.TryGetCallback(parameters["client_id"], redirectUri, out var client, out var callbackError))
        {
            return callbackError;
        }

        var state = parameters["state"];
        if (state.Length == 0)
        {
            return GamError.MissingParameter("state");
        }

        var repository = parameters["repository"];
        if (repository.Length > 0 && !emulator.IsRepository(repository))
        {
            return GamError.RepositoryNotFound;
        }

        string? challenge = parameters["code_challenge"];
        string? method = null;
        if (client.PkceMode == GamEmulatorPkceMode.Disabled || challenge.Length == 0)
        {
            challenge = null;
        }
        else
        {
            method = parameters["code_challenge_method"];
            if (method.Length == 0 || string.Equals(method, "plain", StringComparison.OrdinalIgnoreCase))
            {
                method = "plain";
            }
            else if (string.Equals(method, "S256", StringComparison.OrdinalIgnoreCase))
            {
                method = "S256";
            }
            else
            {
                return GamError.PkceMethodNotSupported;
            }
        }

        if (challenge is null && client.PkceMode == GamEmulatorPkceMode.Required)
        {
            return GamError.PkceRequired;
        }

        request = new AuthorizeRequest(client, redirectUri, state, parameters["scope"], challenge, method, repository);
        return null;
    }
}
