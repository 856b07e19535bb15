using System.Text.Json.Nodes;
using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

// RP-initiated logout.
internal sealed partial class OpenIdConnectHandlers
{
    /// <summary>
    /// RP-initiated logout: <c>id_token_hint</c> (an ID token of this provider, expired or not) names the
    /// login to end; <c>post_logout_redirect_uri</c> is checked like GAM's sign-out; <c>state</c> is echoed.
    /// </summary>
    public async Task EndSessionAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignOut);
        var parameters = await RequestParameters.ReadAsync(context).ConfigureAwait(false);
        JsonObject? hint = null;
        var redirectUri = string.Empty;
        var error = parameters is null ? GamError.MissingParameter("client_id") : CheckEndSession(parameters, out hint, out redirectUri);
        if (error is not null)
        {
            emulator.LogRejected("end_session", error);
            await HtmlPages.WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        if (hint?["sid"] is JsonValue sid && sid.TryGetValue<string>(out var sessionId))
        {
            Provider.FindSession(sessionId)?.End();
        }

        context.Response.Headers.CacheControl = "no-store";
        if (redirectUri.Length == 0)
        {
            await HtmlPages.WriteSignedOutAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.Redirect(UrlQuery.Append(redirectUri, ("state", parameters!["state"])));
    }

    private GamError? CheckEndSession(RequestParameters parameters, out JsonObject? hint, out string redirectUri)
    {
        hint = null;
        redirectUri = parameters["post_logout_redirect_uri"];
        var clientId = parameters["client_id"];
        var hintText = parameters["id_token_hint"];
        if (hintText.Length > 0)
        {
            hint = Provider.ReadIdToken(hintText);
            if (hint is null)
            {
                return GamError.IdTokenHintInvalid;
            }

            var audience = hint["aud"] is JsonValue aud && aud.TryGetValue<string>(out var value) ? value : string.Empty;
            if (clientId.Length > 0 && clientId != audience)
            {
                return GamError.IdTokenHintClientMismatch;
            }

            clientId = audience;
        }

        if (clientId.Length == 0)
        {
            return redirectUri.Length > 0 ? GamError.MissingParameter("client_id") : null;
        }

        if (!emulator.TryGetClient(clientId, out var client, out var clientError))
        {
            return clientError;
        }

        return redirectUri.Length > 0 && !emulator.IsPostLogoutRedirectUriAllowed(client, redirectUri) ? GamError.LogoutRedirectNotValid : null;
    }
}
