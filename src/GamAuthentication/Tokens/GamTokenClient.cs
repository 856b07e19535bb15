using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private readonly Uri _tokenEndpoint;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client that talks to GAM.</param>
    /// <param name="options">The settings; checked now.</param>
    /// <param name="timeProvider">The clock that turns <c>expires_in</c> into an instant. Default: the system clock.</param>
    /// <param name="logger">The logger. Default: none.</param>
    /// <exception cref="ArgumentException">A setting is missing or bad (e.g. a plain-http Authority outside loopback); the message names it.</exception>
    public GamTokenClient(HttpClient httpClient, GamTokenClientOptions options, TimeProvider? timeProvider = null, ILogger<GamTokenClient>? logger = null)
        : this(httpClient, options, "GamTokenClientOptions.", timeProvider, logger)
    {
    }

    internal GamTokenClient(HttpClient httpClient, GamTokenClientOptions options, string settingsPrefix, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate(settingsPrefix);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _tokenEndpoint = new Uri(options.EffectiveTokenEndpoint!);
    }

    /// <summary>The token endpoint this client calls.</summary>
    public Uri TokenEndpoint => _tokenEndpoint;

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
        CheckAdditionalParameters(request, nameof(request));
        return SendAsync("password", BuildPasswordForm(request, secondFactor: false), cancellationToken);
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
        CheckAdditionalParameters(firstStep, nameof(firstStep));
        return SendAsync("password (second factor)", BuildPasswordForm(firstStep.WithPassword(oneTimePassword), secondFactor: true), cancellationToken);
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

        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "password"),
            new("client_id", _options.ClientId!),
        };
        AddIfSet(form, "client_secret", _options.ClientSecret);
        form.Add(new("api_key", request.ApiKey));
        AddIfSet(form, "authentication_type_name", request.AuthenticationTypeName ?? _options.ApiKeyAuthenticationTypeName);
        AddIfSet(form, "username", request.UserName);
        AddIfSet(form, "repository", request.Repository ?? _options.Repository);
        return SendAsync("api key", Override(form, request.Parameters), cancellationToken);
    }

    /// <summary>Refresh grant (<c>grant_type=refresh_token</c>). GAM issues refresh tokens only when its policy allows renewals.</summary>
    /// <param name="refreshToken">The refresh token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What GAM said; a refused refresh (renewals exhausted, expired or used refresh token) is <see cref="GamTokenResultStatus.Refused"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="refreshToken"/> is empty.</exception>
    public Task<GamTokenResult> RefreshTokenAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("client_id", _options.ClientId!),
        };
        AddIfSet(form, "client_secret", _options.ClientSecret);
        form.Add(new("refresh_token", refreshToken));
        return SendAsync("refresh_token", form, cancellationToken);
    }

    private List<KeyValuePair<string, string>> BuildPasswordForm(GamPasswordTokenRequest request, bool secondFactor)
    {
        var globant = _options.EndpointProfile == GamEndpointProfile.GlobantEnterpriseAI;
        var authenticationType = request.AuthenticationTypeName ?? _options.AuthenticationTypeName;
        var form = new List<KeyValuePair<string, string>>();

        // Globant Enterprise AI (GeneXus app-level /oauth/access_token): no grant_type, or the authentication type name as grant_type.
        if (!globant)
        {
            form.Add(new("grant_type", "password"));
        }
        else if (!string.IsNullOrEmpty(authenticationType))
        {
            form.Add(new("grant_type", authenticationType));
        }

        form.Add(new("client_id", _options.ClientId!));
        AddIfSet(form, "client_secret", _options.ClientSecret);
        var scopes = (request.Scope ?? (IEnumerable<string>)_options.Scope).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        if (scopes.Count > 0)
        {
            // Space-joined; the form encoder turns spaces into '+', which is what GAM documents.
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        form.Add(new("username", request.UserName!));
        form.Add(new("password", request.Password!));
        if (!globant)
        {
            AddIfSet(form, "authentication_type_name", authenticationType);
        }

        AddIfSet(form, "repository", request.Repository ?? _options.Repository);
        if ((request.RequestTokenType ?? _options.RequestTokenType) is { } tokenType)
        {
            form.Add(new("request_token_type", tokenType == GamRequestTokenType.Web ? "Web" : "OAuth"));
        }

        if (request.InitialProperties.Count > 0)
        {
            form.Add(new("initial_properties", SerializeProperties(request.InitialProperties)));
        }

        var additional = request.AdditionalParameters;
        if (secondFactor && !globant)
        {
            form.Add(new("otp_step", "2"));
            form.Add(new("use_2fa", "true"));
        }
        else if (secondFactor)
        {
            additional = AddSecondFactorMarkers(additional);
        }

        if (!string.IsNullOrWhiteSpace(additional))
        {
            form.Add(new("additional_parameters", additional));
        }

        return Override(form, request.Parameters);
    }

    private async Task<GamTokenResult> SendAsync(string grant, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var issuedAt = _timeProvider.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        GamTokenResult result;
        try
        {
            using var response = await GamTokenEndpointClient.PostAsync(_httpClient, _tokenEndpoint, form, _options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            result = GamTokenResult.From(response, issuedAt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = GamTokenResult.Timeout(_options.Timeout);
        }

        switch (result.Status)
        {
            case GamTokenResultStatus.Success:
                Log.TokenIssued(_logger, grant, _tokenEndpoint.Host, result.Token!.ExpiresAt is null ? "never" : result.Token.ExpiresAt.Value.ToString("o", System.Globalization.CultureInfo.InvariantCulture), result.Token.RefreshToken is not null);
                break;
            case GamTokenResultStatus.SecondFactorRequired:
                Log.SecondFactorRequired(_logger, grant, _tokenEndpoint.Host, result.ErrorCode ?? "none");
                break;
            case GamTokenResultStatus.Refused:
                Log.TokenRefused(_logger, grant, _tokenEndpoint.Host, result.HttpStatus ?? 0, result.ErrorCode ?? "none");
                break;
            default:
                Log.TokenEndpointUnavailable(_logger, grant, _tokenEndpoint.Host, result.Reason);
                break;
        }

        return result;
    }

    private static void AddIfSet(List<KeyValuePair<string, string>> form, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            form.Add(new(name, value));
        }
    }

    private static List<KeyValuePair<string, string>> Override(List<KeyValuePair<string, string>> form, IDictionary<string, string> parameters)
    {
        foreach (var (key, value) in parameters)
        {
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }

            form.RemoveAll(p => p.Key == key);
            form.Add(new(key, value));
        }

        return form;
    }

    internal static string SerializeProperties(IEnumerable<GamProperty> properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var property in properties)
            {
                ArgumentNullException.ThrowIfNull(property);
                writer.WriteStartObject();
                writer.WriteString("Id", property.Id);
                writer.WriteString("Value", property.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string AddSecondFactorMarkers(string? additionalParameters)
    {
        var node = (string.IsNullOrWhiteSpace(additionalParameters) ? null : TryParseJsonObject(additionalParameters)) ?? new JsonObject();
        node["OTPStep"] = "2";
        node["UseTwoFactorAuthentication"] = "true";
        return node.ToJsonString();
    }

    private static JsonObject? TryParseJsonObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void CheckAdditionalParameters(GamPasswordTokenRequest request, string paramName)
    {
        if (!string.IsNullOrWhiteSpace(request.AdditionalParameters) && TryParseJsonObject(request.AdditionalParameters) is null)
        {
            throw new ArgumentException("GAM: AdditionalParameters must be a JSON object, e.g. {\"AuthenticationTypeName\":\"local\"}.", paramName);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Debug, "GAM token client: {Grant} grant at {Host} issued a token (expires {ExpiresAt}, refresh token {HasRefreshToken})")]
        public static partial void TokenIssued(ILogger logger, string grant, string host, string expiresAt, bool hasRefreshToken);

        [LoggerMessage(102, LogLevel.Information, "GAM token client: {Grant} grant at {Host} needs a second authentication factor (GAM code {GamCode})")]
        public static partial void SecondFactorRequired(ILogger logger, string grant, string host, string gamCode);

        [LoggerMessage(103, LogLevel.Warning, "GAM token client: {Grant} grant at {Host} was refused (HTTP {Status}, GAM code {GamCode})")]
        public static partial void TokenRefused(ILogger logger, string grant, string host, int status, string gamCode);

        [LoggerMessage(104, LogLevel.Warning, "GAM token client: {Grant} grant at {Host} failed: {Reason}")]
        public static partial void TokenEndpointUnavailable(ILogger logger, string grant, string host, string reason);
    }
}
