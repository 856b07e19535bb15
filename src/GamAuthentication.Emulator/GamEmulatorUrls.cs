using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace GamAuthentication.Emulator;

/// <summary>Works out the base URL of an emulator mounted in the same app as its client.</summary>
public static class GamEmulatorUrls
{
    /// <summary>
    /// The emulator's base URL when it is mounted in this app: the app's first configured URL
    /// (<c>urls</c> / <c>ASPNETCORE_URLS</c> / <c>--urls</c>, else <paramref name="defaultUrl"/>) plus
    /// <paramref name="pathPrefix"/>, e.g. <c>http://localhost:5080/gam</c>. Wildcard hosts (<c>+</c>,
    /// <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) become <c>localhost</c> so a backchannel can reach it.
    /// </summary>
    /// <param name="configuration">The app configuration.</param>
    /// <param name="defaultUrl">The URL the app listens on when none is configured.</param>
    /// <param name="pathPrefix">The prefix given to <c>MapGamEmulator</c>.</param>
    /// <returns>The authority to give the GAM handlers.</returns>
    public static string AuthorityFor(IConfiguration configuration, string defaultUrl, string pathPrefix = GamEmulatorDefaults.PathPrefix)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultUrl);
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        var first = (string.IsNullOrWhiteSpace(urls) ? defaultUrl : urls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return AuthorityForAddress(first, pathPrefix);
    }

    /// <summary>
    /// The emulator's base URL for one server address (e.g. one of <c>app.Urls</c> after start-up) and the
    /// prefix it is mapped at: <c>http://127.0.0.1:5070</c> + <c>/gam</c> = <c>http://127.0.0.1:5070/gam</c>.
    /// Wildcard hosts (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) become <c>localhost</c>; a prefix of
    /// <c>"/"</c> or <c>""</c> adds nothing.
    /// </summary>
    /// <param name="address">An absolute http(s) address.</param>
    /// <param name="pathPrefix">The prefix given to <c>MapGamEmulator</c> or <c>MapGamOpenIdConnectEmulator</c>.</param>
    /// <returns>The authority.</returns>
    public static string AuthorityForAddress(string address, string pathPrefix = GamEmulatorDefaults.PathPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        foreach (var wildcard in (string[])["://+", "://*", "://0.0.0.0", "://[::]"])
        {
            address = address.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        var prefix = string.IsNullOrWhiteSpace(pathPrefix) || pathPrefix.Trim() == "/" ? string.Empty : "/" + pathPrefix.Trim().Trim('/');
        return new Uri(address).GetLeftPart(UriPartial.Authority) + prefix;
    }
}
