using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens;

/// <summary>Creates the <see cref="GamTokenClient"/>s registered with <c>AddGamTokenClient(name, ...)</c>.</summary>
public sealed class GamTokenClientFactory
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<GamTokenClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the factory (a singleton registered by <c>AddGamTokenClient(...)</c>).</summary>
    /// <param name="httpClientFactory">Creates the HTTP clients.</param>
    /// <param name="options">The named token-client options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public GamTokenClientFactory(IHttpClientFactory httpClientFactory, IOptionsMonitor<GamTokenClientOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
    }

    /// <summary>Creates the token client registered under <paramref name="name"/>.</summary>
    /// <param name="name">The name given to <c>AddGamTokenClient</c>; empty or null for the default client.</param>
    /// <returns>A client; cheap to create, safe to keep.</returns>
    /// <exception cref="OptionsValidationException">The client's settings are missing or bad (the message names each).</exception>
    public GamTokenClient Create(string? name = null)
    {
        name ??= Options.DefaultName;
        var options = _options.Get(name);
        return new GamTokenClient(
            _httpClientFactory.CreateClient(GamTokenDefaults.TokenClientHttpClientName(name)),
            options,
            name,
            $"GamTokenClientOptions[{name}].",
            _timeProvider,
            _loggerFactory.CreateLogger<GamTokenClient>());
    }
}
