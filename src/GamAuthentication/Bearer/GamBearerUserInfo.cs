using System.Diagnostics;
using System.Security.Claims;
using GamAuthentication.Diagnostics;
using GamAuthentication.Discovery;
using GamAuthentication.Protocol;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Bearer;

/// <summary>
/// Asks GAM's userinfo endpoint about one token for one bearer scheme and turns the answer into what the caches
/// keep: the claims of an accepted token (for <see cref="GamBearerOptions.CacheDuration"/>), a rejection (for
/// <see cref="GamBearerOptions.NegativeCacheDuration"/>), or "unavailable" (never cached). Counts and logs each call.
/// </summary>
internal sealed partial class GamBearerUserInfo
{
    private readonly string _scheme;
    private readonly KeyValuePair<string, object?> _schemeTag;
    private readonly GamBearerOptions _options;
    private readonly Uri? _endpoint;
    private readonly GamProviderRequest? _provider;
    private readonly GamTokenStyle _style;
    private readonly TimeProvider _time;
    private readonly GamBearerInstruments _instruments;
    private readonly ILogger _logger;

    public GamBearerUserInfo(string scheme, GamBearerOptions options, TimeProvider time, GamBearerInstruments instruments, ILogger logger)
    {
        _scheme = scheme;
        _schemeTag = GamBearerInstruments.Scheme(scheme);
        _options = options;
        if (!string.IsNullOrWhiteSpace(options.UserInformationEndpoint))
        {
            _endpoint = new Uri(options.UserInformationEndpoint);
        }
        else
        {
            // OpenID Connect profile: the endpoint is discovered, and found again on each call (the provider caches it).
            _provider = GamDiscovery.Request(scheme, options.MetadataAddress, options.Authority, options.RequireHttpsEndpoints, options.Backchannel, time, options.MaxResponseBytes);
        }

        _style = options.EffectiveUserInformationTokenStyle;
        _time = time;
        _instruments = instruments;
        _logger = logger;
    }

    public async Task<GamBearerOutcome> AskAsync(GamTokenHash hash, string token)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = GamTelemetry.Start(GamSpans.BearerUserInfo, _scheme);
        GamUserInfoResult result;
        using (var timeout = new CancellationTokenSource(_options.BackchannelTimeout, _time))
        {
            try
            {
                var (endpoint, failure) = _endpoint is not null ? (_endpoint, null) : await DiscoverAsync(timeout.Token).ConfigureAwait(false);
                result = endpoint is null
                    ? GamUserInfoResult.Unavailable(failure!)
                    : await GamUserInfoClient.GetAsync(_options.Backchannel!, _time, endpoint, token, _style, _options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
            {
                result = GamUserInfoResult.Unavailable($"the userinfo call took longer than {_options.BackchannelTimeout.TotalSeconds:0.###} s", exception: ex);
            }
        }

        using (result)
        {
            var outcome = GamTelemetry.Outcome(result.Status);
            GamTelemetry.Finish(activity, outcome, result.Reason);
            var outcomeTag = GamBearerInstruments.Outcome(outcome);
            _instruments.UserInfoCalls.Add(1, _schemeTag, outcomeTag);
            _instruments.UserInfoDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _schemeTag, outcomeTag);

            var now = _time.GetUtcNow();
            switch (result.Status)
            {
                case GamUserInfoStatus.Success:
                    var identity = new ClaimsIdentity(_scheme);
                    var issuer = _options.ClaimsIssuer ?? _scheme;
                    var root = result.Document!.RootElement;
                    foreach (var action in _options.ClaimActions)
                    {
                        action.Run(root, identity, issuer);
                    }

                    LogAccepted(_logger, _scheme, hash, identity.Claims.Count());
                    return GamBearerOutcome.From(GamBearerCacheEntry.Valid(GamBearerCacheEntry.Snapshot(identity), now + _options.CacheDuration), GamBearerTokenSource.UserInfo);

                case GamUserInfoStatus.Rejected:
                    LogRejected(_logger, _scheme, hash, result.Reason);
                    return GamBearerOutcome.From(GamBearerCacheEntry.Rejected(result.Error?.Code, result.HttpStatus ?? 401, now + _options.NegativeCacheDuration), GamBearerTokenSource.UserInfo);

                case GamUserInfoStatus.Misconfigured:
                    // Not cached as a rejection: that would hide a configuration mistake behind "invalid token".
                    LogMisconfigured(_logger, _scheme, hash, result.Reason);
                    return GamBearerOutcome.Unavailable(result.Reason, null, result.HttpStatus);

                default:
                    LogUnavailable(_logger, _scheme, hash, result.Reason, result.Exception);
                    return GamBearerOutcome.Unavailable(result.Reason, result.RetryAfter, result.HttpStatus);
            }
        }
    }

    /// <summary>The discovered userinfo endpoint, or why the provider cannot be read.</summary>
    private async Task<(Uri? Endpoint, string? Failure)> DiscoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            var provider = _provider ?? throw new GamAuthenticationException("no OpenID Connect metadata address is configured");
            var configuration = await GamDiscovery.GetAsync(_options.OpenIdConnectProvider!, provider, cancellationToken).ConfigureAwait(false);
            return (GamDiscovery.Endpoint(null, configuration.UserInfoEndpoint, "userinfo endpoint", provider), null);
        }
        catch (GamAuthenticationException ex)
        {
            return (null, ex.Message);
        }
    }

    [LoggerMessage(10, LogLevel.Debug, "GAM bearer scheme {Scheme}: GAM accepted token {TokenId} ({ClaimCount} claims)")]
    private static partial void LogAccepted(ILogger logger, string scheme, GamTokenHash tokenId, int claimCount);

    [LoggerMessage(11, LogLevel.Information, "GAM bearer scheme {Scheme}: token {TokenId} is not valid: {Reason}")]
    private static partial void LogRejected(ILogger logger, string scheme, GamTokenHash tokenId, string reason);

    [LoggerMessage(12, LogLevel.Warning, "GAM bearer scheme {Scheme}: GAM is unavailable, token {TokenId} answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string scheme, GamTokenHash tokenId, string reason, Exception? exception);

    [LoggerMessage(16, LogLevel.Error, "GAM bearer scheme {Scheme}: the identity provider did not understand the userinfo request for token {TokenId}, answering 503: {Reason}")]
    private static partial void LogMisconfigured(ILogger logger, string scheme, GamTokenHash tokenId, string reason);
}
