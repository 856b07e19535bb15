using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>
/// The HTTP side of the OpenID Connect provider mounted at <paramref name="prefix"/>. It shares users,
/// clients, codes, tokens and the sign-in page with the GAM routes; only the wire format differs.
/// </summary>
internal sealed class OpenIdConnectHandlers(GamEmulator emulator, string prefix)
{
    private readonly SignInForm _signIn = new(emulator);

    private GamEmulatorOpenIdConnect Provider => emulator.OpenIdConnect;

    // ---- Discovery and keys -----------------------------------------------------------------

    public Task DiscoveryAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.Discovery);
        if (Provider.DiscoveryStatusCode is { } status)
        {
            var failure = new OAuthError("temporarily_unavailable", "the discovery document fails on purpose (GamEmulatorOpenIdConnect.DiscoveryStatusCode)", status);
            return OpenIdConnectJson.WriteErrorAsync(context, failure, challengeScheme: null);
        }

        return OpenIdConnectJson.WriteDiscoveryAsync(context, Issuer(context));
    }

    public Task JwksAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.Jwks);
        return OpenIdConnectJson.WriteJwksAsync(context, Provider);
    }

    // ---- Authorization endpoint -------------------------------------------------------------

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
        var clientId = parameters["client_id"];
        if (clientId.Length == 0)
        {
            return (GamError.MissingParameter("client_id"), null, null);
        }

        if (emulator.FindClient(clientId) is not { } client)
        {
            return (GamError.ClientNotFound, null, null);
        }

        var redirectUri = parameters["redirect_uri"];
        if (redirectUri.Length == 0)
        {
            return (GamError.MissingParameter("redirect_uri"), null, null);
        }

        if (!emulator.IsRedirectUriAllowed(client, redirectUri))
        {
            return (GamError.RedirectUriNotAllowed, null, null);
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

    // ---- Token endpoint ---------------------------------------------------------------------

    public async Task TokenAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.Token);
        var parameters = context.Request.HasFormContentType ? await RequestParameters.ReadAsync(context).ConfigureAwait(false) : null;
        if (parameters is null)
        {
            await OpenIdConnectJson.WriteErrorAsync(context, OAuthError.NotAForm, challengeScheme: null).ConfigureAwait(false);
            return;
        }

        var error = Exchange(context, parameters, out var issue, out var grantType);
        if (error is not null)
        {
            emulator.LogRejected("token", error.Error, error.Description);
            await OpenIdConnectJson.WriteErrorAsync(context, error, "Basic").ConfigureAwait(false);
            return;
        }

        // An ID token whenever the login asked for openid; a refreshed one keeps auth_time but has no nonce (OIDC Core §12.2).
        var idToken = issue!.Session.Grant.Has("openid")
            ? Provider.CreateIdToken(issue.Session, Issuer(context), issue.AccessToken, emulator.UtcNow, emulator.Options.OpenIdConnect.IdTokenLifetimeSeconds, includeNonce: grantType == "authorization_code")
            : null;
        await OpenIdConnectJson.WriteTokenAsync(context, issue, idToken).ConfigureAwait(false);
    }

    private OAuthError? Exchange(HttpContext context, RequestParameters parameters, out TokenIssue? issue, out string grantType)
    {
        issue = null;
        grantType = parameters["grant_type"];
        var credentialError = ReadClientCredentials(context, parameters, out var clientId, out var secret);
        if (credentialError is not null)
        {
            return credentialError;
        }

        if (clientId.Length == 0)
        {
            return new OAuthError("invalid_client", "client_id is required (form field or Basic Authorization header)", 401);
        }

        if (emulator.FindClient(clientId) is not { } client)
        {
            return OAuthError.FromGam(GamError.ClientNotFound);
        }

        var gamError = grantType switch
        {
            "authorization_code" => emulator.RedeemCode(client, parameters["code"], secret, parameters["redirect_uri"], parameters["code_verifier"], out issue),
            "refresh_token" => emulator.Refresh(client, parameters["refresh_token"], secret, out issue),
            "" => GamError.MissingParameter("grant_type"),
            _ => null,
        };
        if (gamError is not null)
        {
            return OAuthError.FromGam(gamError);
        }

        return issue is null ? OAuthError.UnsupportedGrantType : null;
    }

    /// <summary>
    /// <c>client_secret_basic</c> (RFC 6749 §2.3.1: form-encoded id and secret in a Basic header) or
    /// <c>client_secret_post</c>; a Basic header plus a form secret is refused as ambiguous.
    /// </summary>
    private static OAuthError? ReadClientCredentials(HttpContext context, RequestParameters parameters, out string clientId, out string secret)
    {
        clientId = parameters["client_id"];
        secret = parameters["client_secret"];
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return OAuthError.MalformedBasicCredentials;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return OAuthError.MalformedBasicCredentials;
        }

        var basicId = WebUtility.UrlDecode(decoded[..colon]);
        if (secret.Length > 0 || (clientId.Length > 0 && clientId != basicId))
        {
            return OAuthError.ClientAuthenticationAmbiguous;
        }

        clientId = basicId;
        secret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
        return null;
    }

    // ---- Userinfo ---------------------------------------------------------------------------

    /// <summary>Bearer header only, with OneLogin's answers for a missing or malformed header and a bad token.</summary>
    public Task UserInfoAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.UserInfo);
        var headers = context.Request.Headers.Authorization;
        OAuthError? error = null;
        AccessTokenEntry? entry = null;
        if (headers.Count == 0 || string.IsNullOrWhiteSpace(headers.ToString()))
        {
            error = OAuthError.NoBearerToken;
        }
        else if (headers.Count > 1 || BearerToken(headers.ToString()) is not { } token)
        {
            error = OAuthError.BadAuthorizationHeader;
        }
        else if (emulator.ValidateAccessToken(token, out entry) is not null)
        {
            error = OAuthError.InvalidToken;
        }

        if (error is not null)
        {
            return OpenIdConnectJson.WriteErrorAsync(context, error, "Bearer");
        }

        var session = entry!.Session;
        return OpenIdConnectJson.WriteObjectAsync(context, OpenIdConnectClaims.UserInfo(session.User, session.Grant, emulator.StartedAt));
    }

    private static string? BearerToken(string header)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 || token.Contains(' ', StringComparison.Ordinal) ? null : token;
    }

    // ---- End session ------------------------------------------------------------------------

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

        if (emulator.FindClient(clientId) is not { } client)
        {
            return GamError.ClientNotFound;
        }

        return redirectUri.Length > 0 && !emulator.IsPostLogoutRedirectUriAllowed(client, redirectUri) ? GamError.LogoutRedirectNotValid : null;
    }

    // ---- Helpers ----------------------------------------------------------------------------

    /// <summary>The configured issuer, else <c>{scheme}://{host}{PathBase}{prefix}</c> of this request.</summary>
    private string Issuer(HttpContext context)
    {
        if (emulator.Options.OpenIdConnect?.Issuer is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var request = context.Request;
        return request.Scheme + "://" + request.Host.ToUriComponent() + request.PathBase.ToUriComponent() + (prefix == "/" ? string.Empty : prefix);
    }
}
