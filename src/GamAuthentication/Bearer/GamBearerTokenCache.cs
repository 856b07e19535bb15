using GamAuthentication.Protocol;
using GamAuthentication.Bearer;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GamAuthentication;

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
/// </summary>
public sealed class GamBearerTokenCache
{
    private readonly IAuthenticationSchemeProvider _schemes;
    private readonly IOptionsMonitor<GamBearerOptions> _options;

    internal GamBearerTokenCache(GamBearerValidator validator, IAuthenticationSchemeProvider schemes, IOptionsMonitor<GamBearerOptions> options)
    {
        Validator = validator;
        _schemes = schemes;
        _options = options;
    }

    internal GamBearerValidator Validator { get; }

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
    public async Task EvictAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var hash = GamTokenHash.Compute(accessToken);
        foreach (var scheme in await _schemes.GetAllSchemesAsync().ConfigureAwait(false))
        {
            if (scheme.HandlerType == typeof(GamBearerHandler))
            {
                await EvictCoreAsync(scheme.Name, hash, cancellationToken).ConfigureAwait(false);
            }
        }
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
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var registered = await _schemes.GetSchemeAsync(scheme).ConfigureAwait(false);
        if (registered?.HandlerType != typeof(GamBearerHandler))
        {
            throw new ArgumentException($"'{scheme}' is not a GAM bearer scheme (added with AddGamBearer()).", nameof(scheme));
        }

        await EvictCoreAsync(scheme, GamTokenHash.Compute(accessToken), cancellationToken).ConfigureAwait(false);
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
    public async Task RevokeAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var hash = GamTokenHash.Compute(accessToken);
        foreach (var scheme in await _schemes.GetAllSchemesAsync().ConfigureAwait(false))
        {
            if (scheme.HandlerType == typeof(GamBearerHandler))
            {
                await RevokeCoreAsync(scheme.Name, hash, cancellationToken).ConfigureAwait(false);
            }
        }
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
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var registered = await _schemes.GetSchemeAsync(scheme).ConfigureAwait(false);
        if (registered?.HandlerType != typeof(GamBearerHandler))
        {
            throw new ArgumentException($"'{scheme}' is not a GAM bearer scheme (added with AddGamBearer()).", nameof(scheme));
        }

        await RevokeCoreAsync(scheme, GamTokenHash.Compute(accessToken), cancellationToken).ConfigureAwait(false);
    }

    private Task RevokeCoreAsync(string scheme, GamTokenHash hash, CancellationToken cancellationToken)
    {
        // The scheme may not have served a request yet: its state (and L1) is created now, with the options of now.
        var options = _options.Get(scheme);
        return GamBearerValidator.RevokeAsync(Validator.GetState(scheme, options), options, hash, cancellationToken);
    }

    private Task EvictCoreAsync(string scheme, GamTokenHash hash, CancellationToken cancellationToken)
    {
        var options = _options.Get(scheme);
        return GamBearerValidator.EvictAsync(Validator.GetState(scheme, options), options, hash, cancellationToken);
    }
}
