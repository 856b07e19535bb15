using GamAuthentication.Discovery;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace GamAuthentication.OpenIdConnect;

/// <summary>
/// One scheme's provider: its discovery document and signing keys, held by a
/// <see cref="ConfigurationManager{T}"/> (read on first use, cached, refreshed in the background on its schedule).
/// When a token names a key the cached set does not have (the provider rotated its keys), <see cref="RefreshKeysAsync"/>
/// reads both documents again at once, shared by concurrent callers and at most once per <see cref="ForcedRefreshInterval"/>.
/// </summary>
internal sealed class GamProviderDocuments
{
    /// <summary>The shortest time between two reads forced by unknown keys: a flood of such tokens costs the provider one read.</summary>
    public static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long a failed first read answers for the next callers, so an outage costs the provider one read at a time.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private volatile GamProviderRequest _request;
    private volatile ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private Task<OpenIdConnectConfiguration?>? _forced;
    private DateTimeOffset? _lastForced;
    private (string Message, DateTimeOffset Until)? _failure;

    public GamProviderDocuments(GamProviderRequest request)
    {
        _request = request;
        _manager = CreateManager();
    }

    /// <summary>The latest request of the scheme: its backchannel and clock read the documents.</summary>
    public GamProviderRequest Request => _request;

    /// <summary>The configuration, read on first use and cached.</summary>
    /// <exception cref="GamAuthenticationException">It cannot be read; the message says why.</exception>
    public async Task<OpenIdConnectConfiguration> GetAsync(GamProviderRequest request, CancellationToken cancellationToken)
    {
        _request = request;
        var now = request.Time.GetUtcNow();
        lock (_gate)
        {
            if (_failure is { } failure && now < failure.Until)
            {
                throw new GamAuthenticationException(failure.Message);
            }
        }

        try
        {
            var configuration = await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            request.CheckIssuer(configuration.Issuer);
            lock (_gate)
            {
                _failure = null;
            }

            return configuration;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = Describe(ex);
            lock (_gate)
            {
                _failure = (failure.Message, request.Time.GetUtcNow() + FailureBackoff);
            }

            throw failure;
        }
    }

    /// <summary>
    /// Reads discovery and keys again now (a token named an unknown key); null when a read was forced less than
    /// <see cref="ForcedRefreshInterval"/> ago or fails, and the cached configuration stays.
    /// </summary>
    public Task<OpenIdConnectConfiguration?> RefreshKeysAsync(GamProviderRequest request)
    {
        _request = request;
        var now = request.Time.GetUtcNow();
        lock (_gate)
        {
            if (_forced is { IsCompleted: false } running)
            {
                return running;
            }

            if (_lastForced is { } last && now - last < ForcedRefreshInterval)
            {
                return Task.FromResult<OpenIdConnectConfiguration?>(null);
            }

            _lastForced = now;
            return _forced = ReadFreshAsync();
        }
    }

    private async Task<OpenIdConnectConfiguration?> ReadFreshAsync()
    {
        // A new manager's first read waits for the documents (an existing one would refresh in the background and
        // answer with the keys it has). It replaces the old one only when the read succeeds.
        var fresh = CreateManager();
        try
        {
            var configuration = await fresh.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
            _request.CheckIssuer(configuration.Issuer);
            _manager = fresh;
            return configuration;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> CreateManager() =>
        new(_request.MetadataAddress.ToString(), new OpenIdConnectConfigurationRetriever(), new GamProviderDocumentRetriever(this));

    /// <summary>A failure as the library reports it: what went wrong, without Microsoft.IdentityModel's hidden-PII placeholders.</summary>
    private static GamAuthenticationException Describe(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is GamAuthenticationException known)
            {
                return known;
            }
        }

        var cause = exception.InnerException ?? exception;
        return cause switch
        {
            System.Text.Json.JsonException or ArgumentException =>
                new GamAuthenticationException("the answer is not a valid OpenID Connect discovery or JWKS document (JSON object expected)", exception),
            _ => new GamAuthenticationException($"it could not be read ({cause.GetType().Name})", exception),
        };
    }
}
