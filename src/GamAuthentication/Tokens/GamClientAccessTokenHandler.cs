using GamAuthentication.Protocol;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tokens;

/// <summary>
/// Attaches the service token of one HTTP client. When the downstream API rejects it (401, or 403 with GAM code 103),
/// renews it once and sends the request once more; a second rejection is returned as is.
/// </summary>
internal sealed partial class GamClientAccessTokenHandler(GamClientAccessTokenManager manager, string name, GamTokenStyle style, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await manager.GetTokenAsync(name, cancellationToken).ConfigureAwait(false);
        GamTokenStyles.Apply(request, token.AccessToken, style);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!GamDownstream.CanResend(request) || !await GamDownstream.IsTokenRejectedAsync(response, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }

        GamToken renewed;
        try
        {
            renewed = await manager.RenewTokenAsync(name, token.AccessToken, cancellationToken).ConfigureAwait(false);
        }
        catch (GamAuthenticationException)
        {
            // The manager logged why; the caller gets the downstream API's own answer.
            return response;
        }

        Log.Retrying(logger, name, (int)response.StatusCode);
        response.Dispose();
        GamTokenStyles.Apply(request, renewed.AccessToken, style);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(211, LogLevel.Debug, "HTTP client {Name}: the downstream API answered {Status} to the GAM service token; retrying once with a new token")]
        public static partial void Retrying(ILogger logger, string name, int status);
    }
}
