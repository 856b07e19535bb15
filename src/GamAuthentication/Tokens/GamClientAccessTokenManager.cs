using System.Collections.Concurrent;
using GamAuthentication.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens;

/// <summary>
/// Obtains and caches the service tokens of <c>AddGamClientAccessToken(...)</c>, one per HTTP client name. A token is
/// kept until shortly before it expires (tokens that never expire: until a downstream API rejects it), and GAM is
/// asked once however many requests need a token at the same moment.
/// </summary>
/// <remarks>
/// The cache is per process and in memory: each instance of a web farm gets its own service token, which GAM allows.
/// The shared request to GAM runs with its own timeout; a caller that is cancelled only stops waiting for it.
/// </remarks>
public sealed partial class GamClientAccessTokenManager : IDisposable
{
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);
    private readonly GamSingleFlight<string, GamToken> _fetches = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<GamClientAccessTokenOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IDisposable? _optionsChange;

    /// <summary>Creates the manager (a singleton registered by <c>AddGamClientAccessToken(...)</c>).</summary>
    /// <param name="httpClientFactory">Creates the HTTP clients that talk to GAM.</param>
    /// <param name="options">The named service-token options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public GamClientAccessTokenManager(IHttpClientFactory httpClientFactory, IOptionsMonitor<GamClientAccessTokenOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = loggerFactory.CreateLogger<GamClientAccessTokenManager>();

        // New settings (e.g. a rotated API key) take effect with the next token.
        _optionsChange = options.OnChange((changed, name) => _cache.TryRemove(name ?? Options.DefaultName, out var _));
    }

    /// <summary>The current service token of <paramref name="name"/>; obtains one when none is cached or it is about to expire.</summary>
    /// <param name="name">The HTTP client name given to <c>AddHttpClient(name).AddGamClientAccessToken(...)</c>.</param>
    /// <param name="cancellationToken">Stops waiting (the shared request to GAM continues for other callers).</param>
    /// <returns>The token.</returns>
    /// <exception cref="GamAuthenticationException">GAM refused the credentials or could not be reached; carries GAM's error code and HTTP status.</exception>
    public Task<GamToken> GetTokenAsync(string name, CancellationToken cancellationToken = default) => GetCoreAsync(name, null, cancellationToken);

    /// <summary>
    /// Replaces a token that a downstream API rejected. When another caller has already replaced it, that newer token
    /// is returned without asking GAM again.
    /// </summary>
    /// <param name="name">The HTTP client name.</param>
    /// <param name="rejectedAccessToken">The access token the downstream API rejected.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A token other than <paramref name="rejectedAccessToken"/>.</returns>
    /// <exception cref="GamAuthenticationException">GAM refused the credentials or could not be reached.</exception>
    public Task<GamToken> RenewTokenAsync(string name, string rejectedAccessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rejectedAccessToken);
        return GetCoreAsync(name, rejectedAccessToken, cancellationToken);
    }

    /// <summary>Forgets the cached token of <paramref name="name"/>, so the next call obtains a new one.</summary>
    /// <param name="name">The HTTP client name.</param>
    public void Clear(string name) => _cache.TryRemove(name ?? Options.DefaultName, out _);

    /// <inheritdoc />
    public void Dispose() => _optionsChange?.Dispose();

    private Task<GamToken> GetCoreAsync(string name, string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_cache.TryGetValue(name, out var cached))
        {
            var replaced = rejectedAccessToken is not null && string.Equals(cached.Token.AccessToken, rejectedAccessToken, StringComparison.Ordinal);
            if (!replaced && !(cached.RenewAt is { } renewAt && _timeProvider.GetUtcNow() >= renewAt))
            {
                return Task.FromResult(cached.Token);
            }

            if (replaced && _cache.TryRemove(new KeyValuePair<string, Cached>(name, cached)))
            {
                Log.TokenRejected(_logger, name);
            }
        }

        // Not the caller's token: the shared request must not die with the first caller's request.
        return _fetches.RunAsync(name, this, static (n, manager) => manager.FetchAsync(n), cancellationToken, out _);
    }

    private async Task<GamToken> FetchAsync(string name)
    {
        try
        {
            var options = _options.Get(name);
            var client = new GamTokenClient(
                _httpClientFactory.CreateClient(GamTokenDefaults.ClientAccessTokenHttpClientName(name)),
                options,
                name,
                $"GamClientAccessTokenOptions[{name}].",
                _timeProvider,
                _logger);

            var requestedAt = _timeProvider.GetUtcNow();
            GamTokenResult result;
            if (!string.IsNullOrWhiteSpace(options.ApiKey))
            {
                result = await client.RequestApiKeyTokenAsync(options.ApiKey).ConfigureAwait(false);
            }
            else
            {
                var request = new GamPasswordTokenRequest(options.UserName!, options.Password!);
                foreach (var property in options.InitialProperties)
                {
                    request.InitialProperties.Add(property);
                }

                result = await client.RequestPasswordTokenAsync(request).ConfigureAwait(false);
            }

            if (result.Status == GamTokenResultStatus.SecondFactorRequired)
            {
                throw new GamAuthenticationException(
                    $"GAM asks the service account of HTTP client '{name}' for a second authentication factor ({result.Error}); service accounts need an API key or a user without a second factor.",
                    result.Error, result.HttpStatus);
            }

            var token = result.EnsureSuccess();
            var renewAt = RenewAt(token, requestedAt, options.RefreshBeforeExpiry);
            _cache[name] = new Cached(token, renewAt);
            Log.TokenObtained(_logger, name, token.ExpiresAt is null
                ? "when a downstream API rejects it (it never expires)"
                : "at " + renewAt!.Value.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            return token;
        }
        catch (Exception ex) when (ex is GamAuthenticationException or ArgumentException or OptionsValidationException)
        {
            Log.TokenFailed(_logger, name, ex.Message);
            throw;
        }
    }

    /// <summary>When to replace a token: <paramref name="before"/> ahead of expiry, but never more than half its lifetime ahead.</summary>
    internal static DateTimeOffset? RenewAt(GamToken token, DateTimeOffset issuedAt, TimeSpan before)
    {
        if (token.ExpiresAt is not { } expiresAt)
        {
            return null;
        }

        var lifetime = expiresAt - issuedAt;
        var margin = lifetime > TimeSpan.Zero && before > lifetime / 2 ? lifetime / 2 : before;
        return expiresAt - margin;
    }

    /// <summary>A service token and when to replace it (null: when a downstream API rejects it).</summary>
    private sealed record Cached(GamToken Token, DateTimeOffset? RenewAt);

    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Information, "GAM service token for HTTP client {Name} obtained; it will be renewed {RenewAt}")]
        public static partial void TokenObtained(ILogger logger, string name, string renewAt);

        [LoggerMessage(202, LogLevel.Warning, "GAM service token for HTTP client {Name} could not be obtained: {Reason}")]
        public static partial void TokenFailed(ILogger logger, string name, string reason);

        [LoggerMessage(203, LogLevel.Information, "GAM service token for HTTP client {Name} was rejected by the downstream API; obtaining a new one")]
        public static partial void TokenRejected(ILogger logger, string name);
    }
}
