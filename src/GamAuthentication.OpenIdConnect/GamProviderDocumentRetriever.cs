using Microsoft.IdentityModel.Protocols;

namespace GamAuthentication.OpenIdConnect;

/// <summary>
/// How Microsoft.IdentityModel reads the provider's documents (discovery and JWKS): through the scheme's own
/// backchannel, with its rules (no redirects, https outside loopback, size and time bounds), never its own HttpClient.
/// </summary>
internal sealed class GamProviderDocumentRetriever(GamProviderDocuments documents) : IDocumentRetriever
{
    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new GamAuthenticationException("the discovery document names a document address (jwks_uri) that is not an absolute URL");
        }

        return documents.Request.ReadDocumentAsync(uri, cancel);
    }
}
