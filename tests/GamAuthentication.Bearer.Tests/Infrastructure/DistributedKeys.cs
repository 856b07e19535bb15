using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>The documented L2 key layout, computed independently of the library.</summary>
internal static class DistributedKeys
{
    /// <summary>The userinfo endpoint the test hosts derive from <see cref="GamTestServer.Authority"/> (WebIdp profile).</summary>
    public const string TestUserInfoEndpoint = GamTestServer.Authority + "/oauth/gam/userinfo";

    /// <summary>8 base64url characters of SHA-256(endpoint).</summary>
    public static string EndpointId(string userInfoEndpoint) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(userInfoEndpoint)).AsSpan(0, 6));

    /// <summary><c>GamAuthentication:Bearer:{scheme}:{endpoint id}:</c> + base64url(SHA-256(token)).</summary>
    public static string DefaultKey(string token, string scheme = GamBearerDefaults.AuthenticationScheme, string userInfoEndpoint = TestUserInfoEndpoint) =>
        "GamAuthentication:Bearer:" + scheme + ":" + EndpointId(userInfoEndpoint) + ":" + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
