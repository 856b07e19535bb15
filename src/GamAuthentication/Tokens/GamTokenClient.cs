using GamAuthentication.Diagnostics;
using GamAuthentication.Discovery;
using GamAuthentication.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GamAuthentication.Tokens;

/// <summary>
/// Asks a GAM token endpoint for tokens: password grant (with GAM's extras and the second-factor step), API key,
/// refresh, and the Globant Enterprise AI profile. Register it with <c>services.AddGamTokenClient(...)</c>, or
/// create it around your own <see cref="HttpClient"/>.
/// </summary>
/// <remarks>
/// GAM's behaviour never throws: every answer becomes a <see cref="GamTokenResult"/> (success, second factor
/// required, refused with GAM's error code, or unavailable). Bad arguments throw before any request. No
/// password, secret, API key or token appears in an exception message or a log line.
/// </remarks>
public sealed partial class GamTokenClient
{
    private readonly HttpClient _httpClient;
    private readonly GamTokenClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GamProviderRequest? _provider;
    private readonly string _name;
    private Uri? _tokenEndpoint;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client that talks to GAM.</param>
    /// <param name="options">The settings; checked now.</param>
    /// <param name="timeProvider">The clock that turns <c>expires_in</c> into an instant. Default: the system clock.</param>
    /// <param name="logger">The logger. Default: none.</param>
    /// <exception cref="ArgumentException">A setting is missing or bad (e.g. a plain-http Authority outside loopback); the message names it.</exception>
    public GamTokenClient(HttpClient httpClient, GamTokenClientOptions options, TimeProvider? timeProvider = null, ILogger<GamTokenClient>? logger = null)
        : this(httpClient, options, nameof(GamTokenClient), "GamTokenClientOptions.", timeProvider, logger)
    {
    }

    internal GamTokenClient(HttpClient httpClient, GamTokenClientOptions options, string name, string settingsPrefix, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate(settingsPrefix);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        _httpClient = httpClient;
        _name = name;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        if (options.EffectiveTokenEndpoint is { } endpoint)
        {
            _tokenEndpoint = new Uri(endpoint);
        }
        else
        {
            // OpenID Connect profile: the token endpoint comes from the provider's discovery document, on first use.
            _provider = GamDiscovery.Request(name, options.MetadataAddress, options.Authority, options.RequireHttpsEndpoints, httpClient, _timeProvider, options.MaxResponseBytes);
        }
    }

    /// <summary>
    /// The token endpoint this client calls. With <see cref="GamEndpointProfile.OpenIdConnect"/> and no
    /// <see cref="GamTokenClientOptions.TokenEndpoint"/> set: null until the first request has read the provider's
    /// discovery document, then the endpoint it names.
    /// </summary>
    public Uri? TokenEndpoint => _tokenEndpoint;

    /// <summary>Password grant for a user, with the option defaults.</summary>
    /// <param name="userName">The GAM user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What GAM said.</returns>
    /// <exception cref="ArgumentException"><paramref name="userName"/> or <paramref name="password"/> is empty.</exception>
    public Task<GamTokenResult> RequestPasswordTokenAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return RequestPasswordTokenAsync(new GamPasswordTokenRequest(userName, password), cancellationToken);
    }

    /// <summary>
    /// Password grant (<c>grant_type=password</c>; on the Globant Enterprise AI profile: client ID, scope, user name
    /// and password). A <see cref="GamTokenResultStatus.SecondFactorRequired"/> result asks for
    /// <see cref="CompleteSecondFactorAsync"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What GAM said.</returns>
    /// <exception cref="ArgumentException">The user name or password is empty, or <see cref="GamPasswordTokenRequest.AdditionalParameters"/> is not a JSON object.</exception>
    public Task<GamTokenResult> RequestPasswordTokenAsync(GamPasswordTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.UserName);
        ArgumentException.ThrowIfNullOrEmpty(request.Password);
        GamPasswordGrant.CheckAdditionalParameters(request, nameof(request));
        return SendAsync("password", GamPasswordGrant.Form(_options, request, secondFactor: false), cancellationToken);
    }

    /// <summary>
    /// The second step of a login that answered <see cref="GamTokenResultStatus.SecondFactorRequired"/>: repeats
    /// <paramref name="firstStep"/> with the one-time password as <c>password</c> and GAM's second-step markers
    /// (<c>otp_step=2</c> and <c>use_2fa=true</c> on the REST IdP; <c>additional_parameters</c> with
    /// <c>OTPStep</c> 2 and <c>UseTwoFactorAuthentication</c> on the Globant Enterprise AI profile).
    /// </summary>
    /// <param name="firstStep">The request that was answered with a second-factor request.</param>
    /// <param name="oneTimePassword">The one-time password or second-factor code.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What GAM said.</returns>
    /// <exception cref="ArgumentException">The user name or the one-time password is empty.</exception>
    public Task<GamTokenResult> CompleteSecondFactorAsync(GamPasswordTokenRequest firstStep, string oneTimePassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(firstStep);
        ArgumentException.ThrowIfNullOrWhiteSpace(firstStep.UserName);
        ArgumentException.ThrowIfNullOrWhiteSpace(oneTimePassword);
        GamPasswordGrant.CheckAdditionalParameters(firstStep, nameof(firstStep));
        return SendAsync("password_second_factor", GamPasswordGrant.Form(_options, firstStep.WithPassword(oneTimePassword), secondFactor: true), cancellationToken);
    }

    /// <summary>API-key grant with the option defaults.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What GAM said.</returns>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The endpoint profile is Globant Enterprise AI, which has no API-key grant.</exception>
    public Task<GamTokenResult> RequestApiKeyTokenAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return RequestApiKeyTokenAsync(new GamApiKeyTokenRequest(apiKey), cancellationToken);
    }

    /// <summary>
    /// API-key grant (REST IdP v2.0: <c>grant_type=password</c>, <c>api_key</c>, <c>authentication_type_name</c>).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What GAM said.</returns>
    /// <exception cref="ArgumentException">The API key is empty.</exception>
    /// <exception cref="InvalidOperationException">The endpoint profile is Globant Enterprise AI, which has no API-key grant.</exception>
    public Task<GamTokenResult> RequestApiKeyTokenAsync(GamApiKeyTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ApiKey);
        if (_options.EndpointProfile == GamEndpointProfile.GlobantEnterpriseAI)
        {
            throw new InvalidOperationException(
                "GAM: the API-key grant belongs to GAM's REST IdP (/oauth/gam/v2.0/access_token); set EndpointProfile to RestIdp to use API keys.");
        }

        var form = GamTokenForm.Grant("password", _options.ClientId!, _options.ClientSecret)
            .Add("api_key", request.ApiKey)
            .AddIfSet("authentication_type_name", request.AuthenticationTypeName ?? _options.ApiKeyAuthenticationTypeName)
            .AddIfSet("username", request.UserName)
            .AddIfSet("repository", request.Repository ?? _options.Repository)
            .Override(request.Parameters);
        return SendAsync("api_key", form, cancellationToken);
    }

    /// <summary>Refresh grant (<c>grant_type=refresh_token</c>). GAM issues refresh tokens only when its policy allows renewals.</summary>
    /// <param name="refreshToken">The refresh token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What GAM said; a refused refresh (renewals exhausted, expired or used refresh token) is <see cref="GamTokenResultStatus.Refused"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="refreshToken"/> is empty.</exception>
    public Task<GamTokenResult> RefreshTokenAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        var form = GamTokenForm.Grant("refresh_token", _options.ClientId!, _options.ClientSecret).Add("refresh_token", refreshToken);
        return SendAsync("refresh_token", form, cancellationToken);
    }

    private async Task<GamTokenResult> SendAsync(string grant, GamTokenForm form, CancellationToken cancellationToken)
    {
        using var activity = GamTelemetry.Start(GamSpans.TokenRequest, _name);
        activity?.SetTag(GamMetrics.GrantTag, grant);
        using var deadline = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        GamTokenResult result;
        Uri? endpoint = null;
        try
        {
            (endpoint, var failure) = await ResolveTokenEndpointAsync(timeout.Token).ConfigureAwait(false);
            result = endpoint is null
                ? GamTokenResult.Unavailable(failure!)
                : await GamTokenEndpointClient.PostAsync(_httpClient, _timeProvider, endpoint, form, _options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = GamTokenResult.Timeout(_options.Timeout);
        }

        var outcome = GamTelemetry.Outcome(result.Status);
        GamTelemetry.Finish(activity, outcome, result.Reason);
        GamTelemetry.TokenRequests.Add(
            1,
            new KeyValuePair<string, object?>(GamMetrics.SchemeTag, _name),
            new KeyValuePair<string, object?>(GamMetrics.OutcomeTag, outcome),
            new KeyValuePair<string, object?>(GamMetrics.GrantTag, grant));
        var host = endpoint?.Host ?? _provider?.MetadataAddress.Host ?? string.Empty;

        switch (result.Status)
        {
            case GamTokenResultStatus.Success:
                Log.TokenIssued(_logger, grant, host, result.Token!.ExpiresAt is null ? "never" : result.Token.ExpiresAt.Value.ToString("o", System.Globalization.CultureInfo.InvariantCulture), result.Token.RefreshToken is not null);
                break;
            case GamTokenResultStatus.SecondFactorRequired:
                Log.SecondFactorRequired(_logger, grant, host, result.Reason);
                break;
            case GamTokenResultStatus.Refused:
                Log.TokenRefused(_logger, grant, host, result.Reason);
                break;
            default:
                Log.TokenEndpointUnavailable(_logger, grant, host, result.Reason);
                break;
        }

        return result;
    }

    /// <summary>
    /// The endpoint to call: the configured one, or the one the provider's discovery document names (read through the
    /// provider library, which caches it). A provider that cannot be read gives the reason instead.
    /// </summary>
    internal async Task<(Uri? Endpoint, string? Failure)> ResolveTokenEndpointAsync(CancellationToken cancellationToken)
    {
        if (_provider is null || _options.OpenIdConnectProvider is not { } library)
        {
            return (_tokenEndpoint, _tokenEndpoint is null ? "no token endpoint is configured" : null);
        }

        try
        {
            var configuration = await GamDiscovery.GetAsync(library, _provider, cancellationToken).ConfigureAwait(false);
            var endpoint = GamDiscovery.Endpoint(null, configuration.TokenEndpoint, "token endpoint", _provider);
            _tokenEndpoint = endpoint;
            return (endpoint, null);
        }
        catch (GamAuthenticationException ex)
        {
            return (null, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Debug, "GAM token client: {Grant} grant at {Host} issued a token (expires {ExpiresAt}, refresh token {HasRefreshToken})")]
        public static partial void TokenIssued(ILogger logger, string grant, string host, string expiresAt, bool hasRefreshToken);

        [LoggerMessage(102, LogLevel.Information, "GAM token client: {Grant} grant at {Host}: {Reason}")]
        public static partial void SecondFactorRequired(ILogger logger, string grant, string host, string reason);

        [LoggerMessage(103, LogLevel.Warning, "GAM token client: {Grant} grant at {Host} was refused: {Reason}")]
        public static partial void TokenRefused(ILogger logger, string grant, string host, string reason);

        [LoggerMessage(104, LogLevel.Warning, "GAM token client: {Grant} grant at {Host} failed: {Reason}")]
        public static partial void TokenEndpointUnavailable(ILogger logger, string grant, string host, string reason);
    }
}
