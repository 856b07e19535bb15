using GamAuthentication.Diagnostics;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GamAuthentication;

/// <summary>
/// GAM single sign-out: <c>SignOutAsync</c> on the GAM scheme signs the user out of the sign-in (cookie) scheme,
/// sends the browser to GAM's <c>/oauth/gam/signout</c> with <c>client_id</c>, <c>redirect_uri</c>, <c>token</c>
/// and a protected <c>state</c>, and, when GAM sends the browser back to <see cref="GamOptions.SignedOutCallbackPath"/>,
/// checks that state and redirects to the signed-out page.
/// </summary>
public partial class GamHandler : IAuthenticationSignOutHandler
{
    private const string SignOutStateMarker = ".gam.signout";

    /// <inheritdoc />
    public override async Task<bool> HandleRequestAsync()
    {
        if (Options.SignedOutCallbackPath.HasValue && Options.SignedOutCallbackPath == Request.Path)
        {
            return await HandleSignedOutCallbackAsync().ConfigureAwait(false);
        }

        return await base.HandleRequestAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Signs the user out locally (the sign-in scheme's cookie) and, when the sign-in saved an access token, redirects
    /// the browser to GAM's sign-out so GAM ends the token and its session too. Without a saved token (or without an
    /// <see cref="GamOptions.EndSessionEndpoint"/>), redirects straight to the signed-out page.
    /// </summary>
    /// <param name="properties">Optional; <see cref="AuthenticationProperties.RedirectUri"/> is the page to show afterwards
    /// (default <see cref="GamOptions.SignedOutRedirectUri"/>).</param>
    /// <returns>A task.</returns>
    public virtual async Task SignOutAsync(AuthenticationProperties? properties)
    {
        var target = ResolveTarget(Options.ForwardSignOut);
        if (target is not null)
        {
            await Context.SignOutAsync(target, properties).ConfigureAwait(false);
            return;
        }

        using var activity = GamTelemetry.Start(GamSpans.SignOut, Scheme.Name);
        properties ??= new AuthenticationProperties();
        var signInScheme = Options.SignInScheme
            ?? (await Context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetDefaultSignInSchemeAsync().ConfigureAwait(false))?.Name;

        string? accessToken = null;
        string? idToken = null;
        System.Security.Claims.ClaimsPrincipal? user = null;
        if (!string.IsNullOrEmpty(signInScheme))
        {
            var signedIn = await Context.AuthenticateAsync(signInScheme).ConfigureAwait(false);
            user = signedIn.Principal;

            // A refresh earlier in this request may have replaced the cookie's token.
            // Only this scheme's tokens: a user signed in with another provider is signed out here locally, and that
            // provider's tokens are not handed to this one.
            var own = signedIn.Properties is { } saved && GamUserTokenStore.IssuedBy(saved, Scheme.Name) ? saved : null;
            accessToken = GamUserTokenStore.CurrentAccessToken(Context, Scheme.Name) ?? own?.GetTokenValue(GamTokenNames.AccessToken);
            idToken = own?.GetTokenValue(GamTokenNames.IdToken);
            await Context.SignOutAsync(signInScheme).ConfigureAwait(false);
        }

        await NotifyListenersAsync(new GamSignOutContext(Context, Scheme.Name, user, accessToken)).ConfigureAwait(false);

        var signedOutUri = string.IsNullOrEmpty(properties.RedirectUri) ? Options.SignedOutRedirectUri : properties.RedirectUri;
        var state = new AuthenticationProperties
        {
            RedirectUri = signedOutUri,
            ExpiresUtc = TimeProvider.GetUtcNow().Add(Options.RemoteAuthenticationTimeout),
        };
        state.Items[SignOutStateMarker] = "1";

        var signOutUrl = Options.SignedOutCallbackPath.HasValue
            ? await EndSessionUrlAsync(accessToken, idToken, Options.StateDataFormat.Protect(state)).ConfigureAwait(false)
            : null;
        if (signOutUrl is null)
        {
            Log.SignedOutLocally(Logger, Scheme.Name);
            activity?.SetTag(GamMetrics.OutcomeTag, "local");
            Response.Redirect(signedOutUri);
            return;
        }

        Log.RedirectingToGamSignOut(Logger, Scheme.Name);
        activity?.SetTag(GamMetrics.OutcomeTag, "provider");
        Response.Redirect(signOutUrl);
    }

    /// <summary>GAM sent the browser back after its sign-out: check the state, then go to the signed-out page.</summary>
    private async Task<bool> HandleSignedOutCallbackAsync()
    {
        var protectedState = Request.Query["state"].ToString();
        var state = string.IsNullOrEmpty(protectedState) ? null : Options.StateDataFormat.Unprotect(protectedState);
        if (state is null || !state.Items.ContainsKey(SignOutStateMarker) ||
            (state.ExpiresUtc is { } expires && expires < TimeProvider.GetUtcNow()))
        {
            Log.SignOutStateInvalid(Logger, Scheme.Name);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Response.ContentType = "text/plain; charset=utf-8";
            Response.Headers.CacheControl = "no-store";
            await Response.WriteAsync("The sign-out response is not valid: its state is missing, expired or was tampered with. You are signed out of this application.").ConfigureAwait(false);
            return true;
        }

        Response.Headers.CacheControl = "no-store";
        Response.Redirect(string.IsNullOrEmpty(state.RedirectUri) ? Options.SignedOutRedirectUri : state.RedirectUri);
        return true;
    }

    /// <summary>Tells the registered <see cref="IGamSignOutListener"/>s; one that fails is logged and does not stop the sign-out.</summary>
    private async Task NotifyListenersAsync(GamSignOutContext signOut)
    {
        foreach (var listener in Context.RequestServices.GetServices<IGamSignOutListener>())
        {
            try
            {
                await listener.SigningOutAsync(signOut).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Context.RequestAborted.IsCancellationRequested)
            {
                // The browser went away; whatever the listener keeps expires by itself.
                return;
            }
            catch (Exception ex)
            {
                Log.SignOutListenerFailed(Logger, Scheme.Name, listener.GetType().Name, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "GAM scheme {Scheme}: signed the user out locally and sent the browser to the identity provider's sign-out")]
        public static partial void RedirectingToGamSignOut(ILogger logger, string scheme);

        [LoggerMessage(21, LogLevel.Information, "GAM scheme {Scheme}: signed the user out locally; no saved token or no end-session endpoint, so the identity provider's sign-out is skipped")]
        public static partial void SignedOutLocally(ILogger logger, string scheme);

        [LoggerMessage(23, LogLevel.Error, "GAM scheme {Scheme}: the sign-out listener {Listener} failed; the sign-out goes on")]
        public static partial void SignOutListenerFailed(ILogger logger, string scheme, string listener, Exception exception);

        [LoggerMessage(22, LogLevel.Warning, "GAM scheme {Scheme}: the sign-out callback carried a missing, expired or tampered state")]
        public static partial void SignOutStateInvalid(ILogger logger, string scheme);
    }
}
