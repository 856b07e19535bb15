using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tests.Infrastructure;

/// <summary>A bare service provider with <c>AddAuthentication().AddGam(...)</c>, to look at the options it produces.</summary>
internal static class GamOptionsHost
{
    public static ServiceProvider Build(
        IDictionary<string, string?>? configuration = null,
        string scheme = GamDefaults.AuthenticationScheme,
        Action<GamOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build());
        collection.AddLogging();
        collection.AddAuthentication().AddGam(scheme, configure ?? (_ => { }));
        services?.Invoke(collection);
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The named options of <paramref name="scheme"/>, configured, post-configured and validated.</summary>
    public static GamOptions Resolve(
        IDictionary<string, string?>? configuration = null,
        string scheme = GamDefaults.AuthenticationScheme,
        Action<GamOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        using var provider = Build(configuration, scheme, configure, services);
        return provider.GetRequiredService<IOptionsMonitor<GamOptions>>().Get(scheme);
    }

    /// <summary>Valid minimal settings in code.</summary>
    public static void Valid(GamOptions options)
    {
        options.Authority = "https://idp.example.com/MyApp";
        options.ClientId = "client";
        options.ClientSecret = "secret";
    }
}
