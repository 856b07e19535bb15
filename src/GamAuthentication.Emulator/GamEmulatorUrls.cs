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
        foreach (var wildcard in (string[])["://+", "://*", "://0.0.0.0", "://[::]"])
        {
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        var prefix = string.IsNullOrWhiteSpace(pathPrefix) ? string.Empty : "/" + pathPrefix.Trim().Trim('/');
        return new Uri(first).GetLeftPart(UriPartial.Authority) + prefix;
    }
}
