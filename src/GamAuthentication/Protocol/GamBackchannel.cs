using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace GamAuthentication.Protocol;

/// <summary>
/// The <see cref="IHttpClientFactory"/> clients that talk to GAM: registered with the library's User-Agent, without
/// the factory's logging handlers (they would log credentials), and with a primary handler that never follows
/// redirects, applied after every other configuration of the client (so a handler the application sets with
/// <c>ConfigurePrimaryHttpMessageHandler</c> is covered too).
/// </summary>
internal static class GamBackchannel
{
    /// <summary>The library's informational version without build metadata, e.g. <c>1.2.0</c> (first: the User-Agent reads it).</summary>
    public static string LibraryVersion { get; } = Version();

    /// <summary><c>GamAuthentication/{version}</c>.</summary>
    public static string UserAgent { get; } = "GamAuthentication/" + LibraryVersion;

    /// <summary>Registers the named client that talks to GAM.</summary>
    public static IHttpClientBuilder Add(IServiceCollection services, string clientName)
    {
        // No HttpClient logging handlers on GAM's clients: at Trace they put every request header into the log state,
        // the Authorization header with its token or client secret included. The library logs each call to GAM itself.
        var builder = services.AddHttpClient(clientName).RemoveAllLoggers();
        services.PostConfigure<HttpClientFactoryOptions>(clientName, options =>
        {
            options.HttpClientActions.Add(static client =>
            {
                if (client.DefaultRequestHeaders.UserAgent.Count == 0)
                {
                    client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
                }
            });
            options.HttpMessageHandlerBuilderActions.Add(static handlers => RefuseRedirects(handlers.PrimaryHandler));
        });
        return builder;
    }

    /// <summary>
    /// Turns off redirect following on the framework's handlers (others are covered by <see cref="GamExchange"/>'s check),
    /// and their cookie container: a pooled handler would otherwise send a cookie GAM set on one call with every later one.
    /// </summary>
    public static void RefuseRedirects(HttpMessageHandler handler)
    {
        switch (handler)
        {
            case SocketsHttpHandler sockets:
                sockets.AllowAutoRedirect = false;
                sockets.UseCookies = false;
                break;
            case HttpClientHandler client:
                client.AllowAutoRedirect = false;
                client.UseCookies = false;
                break;
        }
    }

    /// <summary>True when the innermost handler of the chain is a framework handler that follows redirects.</summary>
    public static bool FollowsRedirects(HttpMessageHandler handler)
    {
        while (handler is DelegatingHandler { InnerHandler: { } inner })
        {
            handler = inner;
        }

        return handler switch
        {
            SocketsHttpHandler sockets => sockets.AllowAutoRedirect,
            HttpClientHandler client => client.AllowAutoRedirect,
            _ => false,
        };
    }

    /// <summary>The validation message for a <c>BackchannelHttpHandler</c> that follows redirects.</summary>
    public static string FollowsRedirectsMessage(string prefix) =>
        $"GAM: BackchannelHttpHandler ({prefix}BackchannelHttpHandler) follows redirects: set AllowAutoRedirect = false on its SocketsHttpHandler or HttpClientHandler. " +
        "Calls to GAM must never follow redirects, or credentials and tokens go wherever a redirect points.";

    private static string Version()
    {
        var version = typeof(GamBackchannel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(GamBackchannel).Assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }
}
