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

    internal GamProviderRequest(string scheme, Uri metadataAddress, string? issuer, bool requireHttps, HttpClient backchannel, TimeProvider time, int maxResponseBytes)
    {
        Scheme = scheme;
        MetadataAddress = metadataAddress;
        Issuer = string.IsNullOrWhiteSpace(issuer) ? null : issuer;
        RequireHttps = requireHttps;
        Time = time;
        _backchannel = backchannel;
        _maxResponseBytes = maxResponseBytes;
    }

    /// <summary>The scheme, e.g. <c>Gam</c>.</summary>
    public string Scheme { get; }

    /// <summary>The discovery document's address: <c>MetadataAddress</c>, or <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public Uri MetadataAddress { get; }

    /// <summary>
    /// The issuer the discovery document must name: the scheme's <c>Authority</c> (OpenID Connect Discovery §4.3); null
    /// when only a <c>MetadataAddress</c> is configured, and the document's issuer is taken as it is.
    /// </summary>
    public string? Issuer { get; }

    /// <summary>Whether every address must use https (except loopback hosts): the scheme's <c>RequireHttpsEndpoints</c>.</summary>
    public bool RequireHttps { get; }

    /// <summary>The scheme's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// Checks the <c>issuer</c> of the discovery document against <see cref="Issuer"/>: the same URL, a trailing slash
    /// aside. A document that names another issuer is not this provider's, and nothing it says is used.
    /// </summary>
    /// <param name="documentIssuer">The document's <c>issuer</c>.</param>
    /// <exception cref="GamAuthenticationException">The document names no issuer, or another one.</exception>
    public void CheckIssuer(string? documentIssuer)
    {
        if (string.IsNullOrWhiteSpace(documentIssuer))
        {
            throw new GamAuthenticationException("the discovery document names no issuer");
        }

        if (Issuer is { } expected && !SameUrl(expected, documentIssuer))
        {
            throw new GamAuthenticationException(
                $"the discovery document's issuer {GamUrl.Describe(documentIssuer)} is not the configured Authority {GamUrl.WithoutQuery(new Uri(expected))} " +
                "(OpenID Connect Discovery 4.3); set Authority to the provider's issuer, or set only MetadataAddress");
        }
    }

    /// <summary>
    /// Whether <paramref name="address"/>, named by the provider, may be called: acceptable under the https rule, and on
    /// a loopback host only when the discovery document itself is (a provider elsewhere cannot point this app at its
    /// own machine).
    /// </summary>
    internal bool IsAcceptable(Uri address, out string? error)
    {
        if (!GamEndpoints.IsAcceptableUrl(address.ToString(), RequireHttps, out error))
        {
            return false;
        }

        if (address.IsLoopback && !MetadataAddress.IsLoopback)
        {
            error = "is on a loopback host, which a provider outside this machine may not name";
            return false;
        }

        return true;
    }

    /// <summary>The same scheme, host (any case) and port, and the same path to the letter, a trailing slash aside.</summary>
    private static bool SameUrl(string expected, string actual) =>
        Uri.TryCreate(expected.TrimEnd('/'), UriKind.Absolute, out var a) && Uri.TryCreate(actual.TrimEnd('/'), UriKind.Absolute, out var b) &&
        Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path | UriComponents.Query, UriFormat.UriEscaped, StringComparison.Ordinal) == 0;

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
        if (!IsAcceptable(address, out var error))
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
