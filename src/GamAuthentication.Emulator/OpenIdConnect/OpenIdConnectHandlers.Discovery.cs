using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

// The discovery document and the signing keys (JWKS).
internal sealed partial class OpenIdConnectHandlers
{
    public Task DiscoveryAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.Discovery);
        if (Provider.DiscoveryStatusCode is { } status)
        {
            var failure = new OAuthError("temporarily_unavailable", "the discovery document fails on purpose (GamEmulatorOpenIdConnect.DiscoveryStatusCode)", status);
            return OpenIdConnectJson.WriteErrorAsync(context, failure, challengeScheme: null);
        }

        return OpenIdConnectJson.WriteDiscoveryAsync(context, Issuer(context));
    }

    public Task JwksAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.Jwks);
        return OpenIdConnectJson.WriteJwksAsync(context, Provider);
    }
}
