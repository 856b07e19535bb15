using System.Collections.Concurrent;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer;

/// <summary>
/// The cache of token answers shared by every GAM bearer scheme (registered as a singleton by
/// <c>AddGamBearer()</c>). Two operations, for two different needs:
/// <list type="bullet">
/// <item><description><see cref="RevokeAsync(string, CancellationToken)"/> when the token must stop working
/// here at once, e.g. at sign-out: the token is refused for <see cref="GamBearerOptions.CacheDuration"/>
/// without asking GAM, even while GAM still accepts it, and a userinfo answer that was in flight cannot make
/// it valid again.</description></item>
/// <item><description><see cref="EvictAsync(string, CancellationToken)"/> when what is cached is stale but
/// the token is still good, e.g. after the user's roles changed in GAM: the next request asks GAM
/// again.</description></item>
/// </list>
/// It owns each scheme's caches (created when the scheme first needs them, from the options it has then).
/// </summary>
public sealed partial class GamBearerTokenCache : IDisposable
{
    private readonly ConcurrentDictionary<string, GamBearerScheme> _schemes = new(StringComparer.Ordinal);
    private readonly IAuthenticationSchemeProvider _schemeProvider;
    private readonly IOptionsMonitor<GamBearerOptions> _options;
    private readonly IDistributedCache? _distributedCache;
    private readonly IDataProtectionProvider? _dataProtection;
    private readonly GamBearerInstruments _instruments;
    private readonly IGamBearerCacheListener[] _listeners;
    private readonly ILogger _logger;

    internal GamBearerTokenCache(
        IAuthenticationSchemeProvider schemeProvider,
        IOptionsMonitor<GamBearerOptions> options,
        IDistributedCache? distributedCache,
        IDataProtectionProvider? dataProtection,
        GamBearerInstruments instruments,
        IEnumerable<IGamBearerCacheListener> listeners,
        ILoggerFactory loggerFactory)
    {
        _listeners = [.. listeners];
        _schemeProvider = schemeProvider;
        _options = options;
        _distributedCache = distributedCache;
        _dataProtection = dataProtection;
        _instruments = instruments;
        _logger = loggerFactory.CreateLogger("GamAuthentication.Bearer.GamBearerTokenCache");
    }

    /// <summary>
    /// Forgets what every GAM bearer scheme cached about <paramref name="accessToken"/>, in memory and in the
    /// distributed cache, so the next request with it asks GAM again (and GAM may well accept it: to stop a
    /// token from working, use <see cref="RevokeAsync(string, CancellationToken)"/>). A token revoked with
    /// <see cref="RevokeAsync(string, CancellationToken)"/> stays revoked. A distributed-cache failure is
    /// logged, not thrown (the entry then expires by itself within <see cref="GamBearerOptions.CacheDuration"/>).
    /// </summary>
    /// <param name="accessToken">The access token.</param>
    /// <param name="cancellationToken">Cancels the distributed-cache removal.</param>
    /// <returns>A task that completes when the token is evicted.</returns>
    public Task EvictAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return ForEachSchemeAsync(GamTokenHash.Compute(accessToken), static (cache, scheme, hash, ct) => cache.EvictCoreAsync(scheme, hash, ct), cancellationToken);
    }

    /// <summary>
    /// Forgets what one GAM bearer scheme cached about <paramref name="accessToken"/>, in memory and in the
    /// distributed cache; see <see cref="EvictAsync(string, CancellationToken)"/>.
    /// </summary>
    /// <param name="scheme">The GAM bearer scheme, e.g. <c>GamBearer</c>.</param>
    /// <param name="accessToken">The access token.</param>
    /// <param name="cancellationToken">Cancels the distributed-cache removal.</param>
    /// <returns>A task that completes when the token is evicted.</returns>
    /// <exception cref="ArgumentException"><paramref name="scheme"/> is not a GAM bearer scheme.</exception>
    public async Task EvictAsync(string scheme, string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        await EvictCoreAsync(await GetBearerSchemeAsync(scheme).ConfigureAwait(false), GamTokenHash.Compute(accessToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Revokes <paramref name="accessToken"/> locally in every GAM bearer scheme: for each scheme's
    /// <see cref="GamBearerOptions.CacheDuration"/> it is refused (401 <c>invalid_token</c>) without asking GAM,
    /// even while GAM still accepts it, e.g. between a local sign-out and GAM's own sign-out. A userinfo call
    /// for the token that is already in flight cannot make it valid again in this process. The revocation is
    /// also written to the distributed cache, so other instances sharing it refuse the token too (best effort:
    /// a distributed-cache failure is logged, not thrown). With <see cref="GamBearerOptions.CacheDuration"/>
    /// zero nothing is cached, so there is nothing to revoke. Use this at sign-out;
    /// use <see cref="EvictAsync(string, CancellationToken)"/> to merely refresh what is cached.
    /// </summary>
    /// <param name="accessToken">The access token.</param>
    /// <param name="cancellationToken">Cancels the distributed-cache write (the in-memory revocation is done first).</param>
    /// <returns>A task that completes when the token is revoked.</returns>
    public Task RevokeAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return ForEachSchemeAsync(GamTokenHash.Compute(accessToken), static (cache, scheme, hash, ct) => cache.RevokeCoreAsync(scheme, hash, ct), cancellationToken);
    }

    /// <summary>
    /// Revokes <paramref name="accessToken"/> locally in one GAM bearer scheme; see
    /// <see cref="RevokeAsync(string, CancellationToken)"/>.
    /// </summary>
    /// <param name="scheme">The GAM bearer scheme, e.g. <c>GamBearer</c>.</param>
    /// <param name="accessToken">The access token.</param>
    /// <param name="cancellationToken">Cancels the distributed-cache write (the in-memory revocation is done first).</param>
    /// <returns>A task that completes when the token is revoked.</returns>
    /// <exception cref="ArgumentException"><paramref name="scheme"/> is not a GAM bearer scheme.</exception>
    public async Task RevokeAsync(string scheme, string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        await RevokeCoreAsync(await GetBearerSchemeAsync(scheme).ConfigureAwait(false), GamTokenHash.Compute(accessToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies in this process a revocation or eviction that another instance made (and told through an
    /// <see cref="IGamBearerCacheListener"/>): to the scheme's in-memory cache and revocation table. The distributed
    /// cache was already changed by the other instance; listeners here are not told again. A change for a scheme this
    /// app does not have, or a revocation that has already ended, is ignored.
    /// </summary>
    /// <param name="change">The change. Only accept changes whose origin you verified: a forged revocation refuses a good token.</param>
    /// <returns>True when the change was applied.</returns>
    /// <exception cref="ArgumentException"><see cref="GamBearerCacheChange.TokenHash"/> is not base64url of 32 bytes.</exception>
    public async Task<bool> ApplyAsync(GamBearerCacheChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var hash = GamTokenHash.FromBase64Url(change.TokenHash) ?? throw new ArgumentException("GAM bearer: TokenHash must be base64url of a SHA-256 hash.", nameof(change));
        var registered = await _schemeProvider.GetSchemeAsync(change.Scheme).ConfigureAwait(false);
        if (registered?.HandlerType != typeof(GamBearerHandler))
        {
            return false;
        }

        var scheme = Scheme(change.Scheme);
        return change.Kind == GamBearerCacheChangeKind.Revoked
            ? scheme.ApplyRevocation(hash, change.RevokedUntil!.Value)
            : scheme.ApplyEviction(hash);
    }

    /// <inheritdoc />
    void IDisposable.Dispose()
    {
        foreach (var scheme in _schemes.Values)
        {
            scheme.Dispose();
        }
    }

    /// <summary>The caches of a bearer scheme; created on first use from the scheme's options of that moment.</summary>
    internal GamBearerScheme Scheme(string name) =>
        _schemes.TryGetValue(name, out var scheme) ? scheme : CreateScheme(name);

    private GamBearerScheme CreateScheme(string name)
    {
        lock (_schemes)
        {
            if (!_schemes.TryGetValue(name, out var scheme))
            {
                scheme = new GamBearerScheme(name, _options.Get(name), _distributedCache, _dataProtection, _instruments, _logger);
                _schemes[name] = scheme;
            }

            return scheme;
        }
    }

    private async Task ForEachSchemeAsync(GamTokenHash hash, Func<GamBearerTokenCache, GamBearerScheme, GamTokenHash, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        foreach (var scheme in await _schemeProvider.GetAllSchemesAsync().ConfigureAwait(false))
        {
            if (scheme.HandlerType == typeof(GamBearerHandler))
            {
                await action(this, Scheme(scheme.Name), hash, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RevokeCoreAsync(GamBearerScheme scheme, GamTokenHash hash, CancellationToken cancellationToken)
    {
        if (await scheme.RevokeAsync(hash, cancellationToken).ConfigureAwait(false) is { } until)
        {
            await TellAsync(new GamBearerCacheChange(scheme.Name, hash.ToBase64Url(), GamBearerCacheChangeKind.Revoked, until), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EvictCoreAsync(GamBearerScheme scheme, GamTokenHash hash, CancellationToken cancellationToken)
    {
        await scheme.EvictAsync(hash, cancellationToken).ConfigureAwait(false);
        await TellAsync(new GamBearerCacheChange(scheme.Name, hash.ToBase64Url(), GamBearerCacheChangeKind.Evicted, null), cancellationToken).ConfigureAwait(false);
    }

    private async Task TellAsync(GamBearerCacheChange change, CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.ChangedAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogListenerFailed(_logger, change.Scheme, listener.GetType().Name, ex);
            }
        }
    }

    [LoggerMessage(17, LogLevel.Warning, "GAM bearer scheme {Scheme}: the cache listener {Listener} failed; the change holds in this instance")]
    private static partial void LogListenerFailed(ILogger logger, string scheme, string listener, Exception exception);

    private async Task<GamBearerScheme> GetBearerSchemeAsync(string scheme)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        var registered = await _schemeProvider.GetSchemeAsync(scheme).ConfigureAwait(false);
        if (registered?.HandlerType != typeof(GamBearerHandler))
        {
            throw new ArgumentException($"'{scheme}' is not a GAM bearer scheme (added with AddGamBearer()).", nameof(scheme));
        }

        return Scheme(scheme);
    }
}
