using System.Diagnostics.CodeAnalysis;
using System.Net;
using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator;

// Where a client may send the browser back to: after sign-in, and after sign-out.
public sealed partial class GamEmulator
{
    /// <summary>
    /// The client and callback of an authorization request, checked before anything else so that no error is ever
    /// sent to an unchecked URI: <paramref name="clientId"/> names a known client and <paramref name="redirectUri"/> is
    /// one of its callbacks.
    /// </summary>
    internal bool TryGetCallback(string clientId, string redirectUri, [NotNullWhen(true)] out GamEmulatorClient? client, [NotNullWhen(false)] out GamError? error)
    {
        if (!TryGetClient(clientId, out client, out error))
        {
            return false;
        }

        error = redirectUri.Length == 0 ? GamError.MissingParameter("redirect_uri") : !IsRedirectUriAllowed(client, redirectUri) ? GamError.RedirectUriNotAllowed : null;
        return error is null;
    }

    /// <summary>Exact match against the client's callback URLs, or any loopback URL when allowed.</summary>
    internal bool IsRedirectUriAllowed(GamEmulatorClient client, string redirectUri)
    {
        if (string.IsNullOrEmpty(redirectUri))
        {
            return false;
        }

        if (client.RedirectUris?.Contains(redirectUri, StringComparer.Ordinal) == true)
        {
            return true;
        }

        return Options.AllowAnyLoopbackRedirectUri && IsLoopbackUri(redirectUri);
    }

    /// <summary>
    /// Where sign-out may send the browser: an absolute http(s) URL without fragment that is one of the
    /// client's post-logout URLs (exact match), or loopback when allowed, or anything when
    /// <see cref="GamEmulatorOptions.AllowAnyPostLogoutRedirectUri"/> is on.
    /// </summary>
    internal bool IsPostLogoutRedirectUriAllowed(GamEmulatorClient client, string redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return false;
        }

        return Options.AllowAnyPostLogoutRedirectUri
            || client.PostLogoutRedirectUris?.Contains(redirectUri, StringComparer.Ordinal) == true
            || (Options.AllowAnyLoopbackRedirectUri && IsLoopbackUri(redirectUri));
    }

    internal static bool IsLoopbackUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(parsed.Fragment)
            || !string.IsNullOrEmpty(parsed.UserInfo))
        {
            return false;
        }

        return string.Equals(parsed.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(parsed.IdnHost, out var address) && IPAddress.IsLoopback(address));
    }
}
