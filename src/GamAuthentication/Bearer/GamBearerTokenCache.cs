using GamAuthentication.Protocol;
using GamAuthentication.Bearer;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GamAuthentication;

/// <summary>
/// The cache of token answers shared by every GAM bearer scheme (registered as a singleton by
/// <c>AddGamBearer()</c>). Use it to evict a token when it stops being valid, e.g. after sign-out, so it
/// does not keep working for up to <see cref="GamBearerOptions.CacheDuration"/>.
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
    /// Removes what every GAM bearer scheme cached about <paramref name="accessToken"/>, from memory and from
    /// the distributed cache. A distributed-cache failure is logged, not thrown (the entry then expires by
    /// itself within <see cref="GamBearerOptions.CacheDuration"/>).
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

    /// <summary>Removes what one GAM bearer scheme cached about <paramref name="accessToken"/>, from memory and from the distributed cache.</summary>
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

    private Task EvictCoreAsync(string scheme, GamTokenHash hash, CancellationToken cancellationToken)
    {
        Validator.TryGetExistingState(scheme, out var state);
        return Validator.EvictAsync(state, scheme, _options.Get(scheme), hash, cancellationToken);
    }
}
