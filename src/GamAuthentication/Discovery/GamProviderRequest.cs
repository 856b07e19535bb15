using System.Net.Http.Headers;
using System.Text;
using GamAuthentication.Protocol;

namespace GamAuthentication.Discovery;

/// <summary>
/// One scheme's OpenID Connect provider and the safe way to read its documents: the scheme's backchannel (which never
/// follows redirects), its size limit, its https rule and its clock.
/// </summary>
public sealed class GamProviderRequest
{
    private readonly HttpClient _backchannel;
    private readonly int _maxResponseBytes;

    internal GamProviderRequest(string scheme, Uri metadataAddress, bool requireHttps, HttpClient backchannel, TimeProvider time, int maxResponseBytes)
    {
        Scheme = scheme;
        MetadataAddress = metadataAddress;
        RequireHttps = requireHttps;
        Time = time;
        _backchannel = backchannel;
        _maxResponseBytes = maxResponseBytes;
    }

    /// <summary>The scheme, e.g. <c>Gam</c>.</summary>
    public string Scheme { get; }

    /// <summary>The discovery document's address: <c>MetadataAddress</c>, or <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public Uri MetadataAddress { get; }

    /// <summary>Whether every address must use https (except loopback hosts): the scheme's <c>RequireHttpsEndpoints</c>.</summary>
    public bool RequireHttps { get; }

    /// <summary>The scheme's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// Reads a document of the provider (discovery, keys): a GET through the scheme's backchannel that never follows a
    /// redirect, is bounded in size and in time.
    /// </summary>
    /// <param name="address">The document's address.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body.</returns>
    /// <exception cref="GamAuthenticationException">The address is not acceptable, or the provider did not answer with the document.</exception>
    public async Task<string> ReadDocumentAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!GamEndpoints.IsAcceptableUrl(address.ToString(), RequireHttps, out var error))
        {
            throw new GamAuthenticationException($"The OpenID Connect document {GamUrl.WithoutQuery(address)} {error}.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var answer = await GamExchange.SendAsync(_backchannel, Time, request, _maxResponseBytes, "the OpenID Connect provider's document", cancellationToken).ConfigureAwait(false);
        if (!answer.IsAnswered)
        {
            throw new GamAuthenticationException(answer.Failure!, null, answer.Status);
        }

        if (!answer.IsSuccessStatus)
        {
            throw new GamAuthenticationException(answer.DescribeStatus(), null, answer.Status);
        }

        return Encoding.UTF8.GetString(answer.Body);
    }

    /// <inheritdoc />
    public override string ToString() => $"OpenID Connect provider of scheme {Scheme} at {GamUrl.WithoutQuery(MetadataAddress)}";
}
