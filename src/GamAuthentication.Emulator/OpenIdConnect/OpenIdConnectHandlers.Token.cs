using System.Net;
using System.Text;
using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

// The token endpoint: authorization_code and refresh_token, with client_secret_basic or client_secret_post.
internal sealed partial class OpenIdConnectHandlers
{
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
}
