using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Emulator;

/// <summary>
/// The state of the emulated GAM identity provider: users, clients, authorization codes, tokens and call
/// counters, all in memory and thread-safe. Registered as a singleton by
/// <see cref="Microsoft.Extensions.DependencyInjection.GamEmulatorServiceCollectionExtensions.AddGamEmulator"/>; tests resolve it to read counters
/// and to issue or revoke tokens directly.
/// </summary>
public sealed partial class GamEmulator : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the emulator state from its options.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="timeProvider">The clock used unless <see cref="GamEmulatorOptions.TimeProvider"/> is set.</param>
    /// <param name="logger">The logger.</param>
    public GamEmulator(IOptions<GamEmulatorOptions> options, TimeProvider timeProvider, ILogger<GamEmulator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Options = options.Value;
        _time = Options.TimeProvider ?? timeProvider;
        _logger = logger;
        StartedAt = _time.GetUtcNow();
        foreach (var user in Options.Users)
        {
            AddUser(user);
        }

        foreach (var client in Options.Clients)
        {
            AddClient(client);
        }
    }

    /// <summary>
    /// The options in effect. Scalar settings (lifetimes, status codes, flags) may be changed at run time
    /// and apply to later requests; users and clients were copied at start: use <see cref="AddUser"/> and
    /// <see cref="AddClient"/> to add more.
    /// </summary>
    public GamEmulatorOptions Options { get; }

    /// <summary>
    /// The OpenID Connect provider's signing keys and test settings (used by the routes of
    /// <c>MapGamOpenIdConnectEmulator</c>).
    /// </summary>
    public GamEmulatorOpenIdConnect OpenIdConnect { get; } = new();

    /// <summary>Disposes the OpenID Connect signing keys.</summary>
    public void Dispose() => OpenIdConnect.Dispose();

    internal DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>When the emulator was created (the default <c>updated_at</c> of users).</summary>
    internal DateTimeOffset StartedAt { get; }
}
