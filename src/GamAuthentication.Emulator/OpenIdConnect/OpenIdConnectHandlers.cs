using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>
/// The HTTP side of the OpenID Connect provider mounted at <paramref name="prefix"/>. It shares users,
/// clients, codes, tokens and the sign-in page with the GAM routes; only the wire format differs.
/// </summary>
internal sealed partial class OpenIdConnectHandlers(GamEmulator emulator, string prefix)
{
    private readonly SignInForm _signIn = new(emulator);

    private GamEmulatorOpenIdConnect Provider => emulator.OpenIdConnect;

    /// <summary>The configured issuer, else <c>{scheme}://{host}{PathBase}{prefix}</c> of this request.</summary>
    private string Issuer(HttpContext context)
    {
        if (emulator.Options.OpenIdConnect?.Issuer is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var request = context.Request;
        return request.Scheme + "://" + request.Host.ToUriComponent() + request.PathBase.ToUriComponent() + (prefix == "/" ? string.Empty : prefix);
    }
}
