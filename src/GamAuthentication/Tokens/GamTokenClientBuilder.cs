using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Tokens;

/// <summary>What <c>AddGamTokenClient(...)</c> registered: a named <see cref="GamTokenClient"/> and the HTTP client it talks to GAM with.</summary>
public sealed class GamTokenClientBuilder
{
    internal GamTokenClientBuilder(IServiceCollection services, string name, IHttpClientBuilder httpClient)
    {
        Services = services;
        Name = name;
        HttpClient = httpClient;
    }

    /// <summary>The services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The token client's name (empty for the default client); <see cref="GamTokenClientFactory.Create"/> takes it.</summary>
    public string Name { get; }

    /// <summary>
    /// The <see cref="IHttpClientFactory"/> client that talks to GAM's token endpoint: add a proxy, handlers or resilience
    /// here. It never follows redirects, whatever primary handler you configure.
    /// </summary>
    public IHttpClientBuilder HttpClient { get; }
}
