using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

// oauth/gam/signout (also oauth/gam/signin?oauth=signout): ends the login and sends the browser back.
internal sealed partial class GamEmulatorHandlers
{
    public Task SignOutAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignOut);
        return SignOutCoreAsync(context, RequestParameters.FromQuery(context.Request));
    }

    private Task SignOutCoreAsync(HttpContext context, RequestParameters parameters)
    {
        var redirectUri = parameters["redirect_uri"];
        var error = !emulator.TryGetClient(parameters["client_id"], out var client, out var clientError) ? clientError
            : redirectUri.Length == 0 ? GamError.MissingParameter("redirect_uri")
            : !emulator.IsPostLogoutRedirectUriAllowed(client, redirectUri) ? GamError.LogoutRedirectNotValid
            : null;
        if (error is not null)
        {
            emulator.LogRejected("signout", error);
            return HtmlPages.WriteErrorAsync(context, error);
        }

        emulator.EndLogin(parameters["token"]);
        var state = parameters["state"];
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(UrlQuery.Append(redirectUri, ("state", state)));
        return Task.CompletedTask;
    }
}
