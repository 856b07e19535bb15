using GamAuthentication.Protocol;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens;

/// <summary>
/// Sends the signed-in user's GAM access token (refreshed when about to expire). When the token cannot be refreshed
/// the user is signed out locally and the call answers 401 without reaching the downstream API, so the app can
/// challenge again. When the downstream API rejects the token, it is refreshed once and the request sent once more.
/// </summary>
internal sealed partial class GamUserAccessTokenHandler(
    IHttpContextAccessor httpContextAccessor,
    GamUserTokenManager manager,
    IOptionsMonitor<GamUserAccessTokenOptions> optionsMonitor,
    string name,
    ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = httpContextAccessor.HttpContext
            ?? throw new InvalidOperationException(
                $"GAM: HTTP client '{name}' sends the signed-in user's token, so it can only be used while handling a request (no HttpContext here). Use AddGamClientAccessToken for background work.");
        var options = optionsMonitor.Get(name);

        var token = await manager.GetTokenAsync(context, options, cancellationToken).ConfigureAwait(false);
        switch (token.Status)
        {
            case GamUserAccessTokenStatus.NotSignedIn:
                Log.NoUserToken(logger, name, token.Reason);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            case GamUserAccessTokenStatus.SignedOut:
                return SessionEnded(request, token.Reason);
        }

        GamTokenStyles.Apply(request, token.AccessToken!, options.TokenStyle);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!GamDownstream.CanResend(request) || !await GamDownstream.IsTokenRejectedAsync(response, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }

        var renewed = await manager.RenewTokenAsync(context, token.AccessToken!, options, cancellationToken).ConfigureAwait(false);
        if (renewed.Status == GamUserAccessTokenStatus.SignedOut)
        {
            response.Dispose();
            return SessionEnded(request, renewed.Reason);
        }

        if (!renewed.IsSuccess || string.Equals(renewed.AccessToken, token.AccessToken, StringComparison.Ordinal))
        {
            return response;
        }

        Log.Retrying(logger, name, (int)response.StatusCode);
        response.Dispose();
        GamTokenStyles.Apply(request, renewed.AccessToken!, options.TokenStyle);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private HttpResponseMessage SessionEnded(HttpRequestMessage request, string reason)
    {
        Log.SessionEnded(logger, name, reason);
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            RequestMessage = request,
            ReasonPhrase = "GAM session ended",
            Content = new StringContent("The GAM session ended: the access token could not be refreshed. Sign in again."),
        };
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer", "error=\"invalid_token\", error_description=\"The GAM session ended; sign in again\""));
        return response;
    }

    private static partial class Log
    {
        [LoggerMessage(311, LogLevel.Debug, "HTTP client {Name}: no GAM user token to send ({Reason}); the request goes out without one")]
        public static partial void NoUserToken(ILogger logger, string name, string reason);

        [LoggerMessage(312, LogLevel.Information, "HTTP client {Name}: answering 401 without calling the downstream API: {Reason}")]
        public static partial void SessionEnded(ILogger logger, string name, string reason);

        [LoggerMessage(313, LogLevel.Debug, "HTTP client {Name}: the downstream API answered {Status} to the user's GAM token; retrying once with a refreshed token")]
        public static partial void Retrying(ILogger logger, string name, int status);
    }
}
