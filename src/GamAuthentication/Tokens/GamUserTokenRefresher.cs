using System.Globalization;
using System.Runtime.CompilerServices;
using GamAuthentication.Diagnostics;
using GamAuthentication.Internal;
using GamAuthentication.Protocol;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tokens;

/// <summary>
/// Refreshes signed-in users' tokens with <see cref="GamTokenClient.RefreshTokenAsync"/> (the one refresh grant) at the
/// token endpoint of their <c>AddGam()</c> scheme: one refresh per refresh token at a time in this process, and its
/// result (unless GAM was unavailable) kept for <see cref="ReuseWindow"/>, so requests that still carry the old cookie
/// get the new tokens instead of presenting a refresh token GAM has already rotated.
/// </summary>
internal sealed partial class GamUserTokenRefresher
{
    /// <summary>
    /// How long a refresh result stays available to requests that still carry the old cookie. Short on purpose:
    /// long enough for a page's parallel requests that left the browser before the new cookie arrived, short enough
    /// that a replayed old cookie cannot pick up the rotated tokens later.
    /// </summary>
    internal static readonly TimeSpan ReuseWindow = TimeSpan.FromSeconds(10);

    private readonly GamSingleFlight<string, GamTokenResult> _flight;
    private readonly ConditionalWeakTable<GamOptions, GamTokenClient> _clients = [];
    private readonly IGamRefreshCoordinator _coordinator;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public GamUserTokenRefresher(IGamRefreshCoordinator coordinator, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _coordinator = coordinator;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<GamUserTokenManager>();
        _flight = new GamSingleFlight<string, GamTokenResult>(StringComparer.Ordinal, ReuseWindow, r => r.Status != GamTokenResultStatus.Unavailable, time);
    }

    /// <summary>The new tokens for <paramref name="refreshToken"/>, from a refresh this call makes or shares.</summary>
    /// <param name="scheme">The user's <c>AddGam()</c> scheme.</param>
    /// <param name="gam">Its options.</param>
    /// <param name="refreshToken">The refresh token.</param>
    /// <param name="subject">The user's <c>sub</c>, which a refreshed OpenID Connect id_token must carry; null when unknown.</param>
    public Task<GamTokenResult> RefreshAsync(string scheme, GamOptions gam, string refreshToken, string? subject)
    {
        var hash = GamTokenHash.Compute(refreshToken);
        var refresh = _flight.RunAsync(scheme + ":" + hash.ToBase64Url(), (Refresher: this, Scheme: scheme, Gam: gam, RefreshToken: refreshToken, Subject: subject), static (_, s) => s.Refresher.RefreshCoreAsync(s.Scheme, s.Gam, s.RefreshToken, s.Subject), CancellationToken.None, out var joined);
        if (joined)
        {
            LogShared(_logger, scheme, hash.ShortId());
        }

        return refresh;
    }

    private async Task<GamTokenResult> RefreshCoreAsync(string scheme, GamOptions gam, string refreshToken, string? subject)
    {
        using var activity = GamTelemetry.Start(GamSpans.Refresh, scheme);
        var client = Client(scheme, gam);
        using var deadline = new CancellationTokenSource(gam.BackchannelTimeout, _time);
        var (endpoint, failure) = await client.ResolveTokenEndpointAsync(deadline.Token).ConfigureAwait(false);
        var result = endpoint is null
            ? GamTokenResult.Unavailable(failure!)
            : await _coordinator.RefreshAsync(
                new GamRefreshContext(scheme, refreshToken, endpoint),
                ct => client.RefreshTokenAsync(refreshToken, ct),
                CancellationToken.None).ConfigureAwait(false);
        result = await CheckIdTokenAsync(scheme, gam, result, subject).ConfigureAwait(false);
        var id = GamTokenHash.Compute(refreshToken).ShortId();
        var outcome = GamTelemetry.Outcome(result.Status);
        GamTelemetry.Finish(activity, outcome, result.Reason);
        GamTelemetry.Count(GamTelemetry.Refreshes, scheme, outcome);
        if (result.IsSuccess)
        {
            LogRefreshed(_logger, scheme, id, result.Token!.ExpiresAt?.ToString("o", CultureInfo.InvariantCulture) ?? "never");
        }
        else
        {
            LogFailed(_logger, scheme, id, result.Status.ToString(), result.Reason);
        }

        return result;
    }

    /// <summary>
    /// OpenID Connect Core §12.2: an id_token that comes with refreshed tokens is validated as at sign-in (without a
    /// nonce) and must be about the same user. One that is not makes the whole answer untrustworthy: the refresh fails
    /// and nothing is stored.
    /// </summary>
    private async Task<GamTokenResult> CheckIdTokenAsync(string scheme, GamOptions gam, GamTokenResult result, string? subject)
    {
        if (!result.IsSuccess || result.Token!.IdToken is not { } idToken || gam.EndpointProfile != GamEndpointProfile.OpenIdConnect ||
            gam.OpenIdConnectProvider is not { } provider ||
            Discovery.GamDiscovery.Request(scheme, gam.MetadataAddress, gam.Authority, gam.RequireHttpsEndpoints, gam.Backchannel, _time, gam.MaxResponseBytes) is not { } request)
        {
            return result;
        }

        using var deadline = new CancellationTokenSource(gam.BackchannelTimeout, _time);
        var validation = await Discovery.GamDiscovery.ValidateAsync(provider, request, new Discovery.GamIdTokenRequest(idToken, gam.ClientId, null, result.Token.AccessToken) { Subject = subject }, deadline.Token).ConfigureAwait(false);
        return validation.IsValid
            ? result
            : GamTokenResult.Unavailable($"the id_token of the refreshed tokens is not valid: {validation.Failure}");
    }

    /// <summary>A token client for the scheme's token endpoint, credentials and backchannel (one per options instance).</summary>
    private GamTokenClient Client(string scheme, GamOptions gam) => _clients.GetValue(gam, options =>
    {
        if ((string.IsNullOrEmpty(options.TokenEndpoint) && options.EndpointProfile != GamEndpointProfile.OpenIdConnect) || options.Backchannel is null)
        {
            throw new InvalidOperationException($"GAM: scheme '{scheme}' has no token endpoint or backchannel; is AddGam() registered with that name?");
        }

        return new GamTokenClient(
            options.Backchannel,
            new GamTokenClientOptions
            {
                TokenEndpoint = options.TokenEndpoint,
                EndpointProfile = options.EndpointProfile,
                Authority = options.Authority,
                MetadataAddress = options.MetadataAddress,
                OpenIdConnectProvider = options.OpenIdConnectProvider,
                ClientId = options.ClientId,
                ClientSecret = options.ClientSecret,
                RequireHttpsEndpoints = options.RequireHttpsEndpoints,
                MaxResponseBytes = options.MaxResponseBytes,
                Timeout = options.BackchannelTimeout,
            },
            scheme,
            $"{GamDefaults.ConfigurationSectionPrefix}{scheme}:",
            _time,
            _loggerFactory.CreateLogger<GamTokenClient>());
    });

    [LoggerMessage(301, LogLevel.Information, "GAM scheme {Scheme}: refreshed the user's access token (refresh token {RefreshTokenHash}…); new expiry {ExpiresAt}")]
    private static partial void LogRefreshed(ILogger logger, string scheme, string refreshTokenHash, string expiresAt);

    [LoggerMessage(302, LogLevel.Warning, "GAM scheme {Scheme}: the refresh (refresh token {RefreshTokenHash}…) failed ({Status}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string scheme, string refreshTokenHash, string status, string reason);

    [LoggerMessage(303, LogLevel.Debug, "GAM scheme {Scheme}: sharing the refresh of refresh token {RefreshTokenHash}… with another request")]
    private static partial void LogShared(ILogger logger, string scheme, string refreshTokenHash);
}
