using System.Net;

namespace GamAuthentication;

/// <summary>
/// The endpoint paths of each <see cref="GamEndpointProfile"/>, relative to the GAM base URL
/// (which includes its virtual directory).
/// </summary>
public static class GamEndpoints
{
    /// <summary>Browser sign-in (authorization endpoint) of every profile.</summary>
    public const string SignInPath = "/oauth/gam/signin";

    /// <summary>Browser sign-out of the Web IdP.</summary>
    public const string SignOutPath = "/oauth/gam/signout";

    /// <summary>Token endpoint of the Web IdP.</summary>
    public const string WebIdpTokenPath = "/oauth/gam/access_token";

    /// <summary>Userinfo endpoint of the Web IdP.</summary>
    public const string WebIdpUserInfoPath = "/oauth/gam/userinfo";

    /// <summary>Token endpoint of the REST IdP (v2.0).</summary>
    public const string RestIdpTokenPath = "/oauth/gam/v2.0/access_token";

    /// <summary>Userinfo endpoint of the REST IdP (v2.0).</summary>
    public const string RestIdpUserInfoPath = "/oauth/gam/v2.0/userinfo";

    /// <summary>Token endpoint of Globant Enterprise AI (the GeneXus app-level endpoint).</summary>
    public const string GlobantTokenPath = "/oauth/access_token";

    /// <summary>Userinfo endpoint of Globant Enterprise AI.</summary>
    public const string GlobantUserInfoPath = "/openid/userinfo";

    /// <summary>The token endpoint path of a profile.</summary>
    /// <param name="profile">The endpoint profile.</param>
    /// <returns>A path that starts with <c>/</c>.</returns>
    internal static string TokenPath(GamEndpointProfile profile) => profile switch
    {
        GamEndpointProfile.RestIdp => RestIdpTokenPath,
        GamEndpointProfile.GlobantEnterpriseAI => GlobantTokenPath,
        _ => WebIdpTokenPath,
    };

    /// <summary>The userinfo endpoint path of a profile.</summary>
    /// <param name="profile">The endpoint profile.</param>
    /// <returns>A path that starts with <c>/</c>.</returns>
    internal static string UserInfoPath(GamEndpointProfile profile) => profile switch
    {
        GamEndpointProfile.RestIdp => RestIdpUserInfoPath,
        GamEndpointProfile.GlobantEnterpriseAI => GlobantUserInfoPath,
        _ => WebIdpUserInfoPath,
    };

    /// <summary>How a profile's userinfo endpoint expects the token: raw for GAM, Bearer for Globant Enterprise AI and OpenID Connect.</summary>
    /// <param name="profile">The endpoint profile.</param>
    /// <returns>The default token style.</returns>
    internal static GamTokenStyle DefaultTokenStyle(GamEndpointProfile profile) =>
        profile is GamEndpointProfile.GlobantEnterpriseAI or GamEndpointProfile.OpenIdConnect ? GamTokenStyle.Bearer : GamTokenStyle.Raw;

    /// <summary>Joins a GAM base URL (with or without a trailing slash) and an endpoint path.</summary>
    /// <param name="authority">The GAM base URL, including its virtual directory.</param>
    /// <param name="path">A path that starts with <c>/</c>.</param>
    /// <returns>The absolute endpoint URL.</returns>
    internal static string Combine(string authority, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authority);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return authority.TrimEnd('/') + "/" + path.TrimStart('/');
    }

    /// <summary>
    /// Checks that a URL is absolute and uses https, or plain http on a loopback host
    /// (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>).
    /// </summary>
    /// <param name="value">The URL to check.</param>
    /// <param name="requireHttps">When false, plain http is accepted on any host.</param>
    /// <param name="error">Why the URL is not acceptable, when it is not.</param>
    /// <returns>True when the URL is acceptable.</returns>
    internal static bool IsAcceptableUrl(string? value, bool requireHttps, out string? error)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = "must be an absolute http(s) URL";
            return false;
        }

        if (requireHttps && uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            error = "must use https (plain http is accepted only for loopback hosts such as localhost)";
            return false;
        }

        error = null;
        return true;
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback ||
        string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
