using GamAuthentication.Emulator;
using GamAuthentication.Emulator.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the GAM emulator services.</summary>
public static class GamEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GamEmulatorOptions"/> (bound from the <c>GamEmulator</c> configuration section
    /// when an <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> is registered, then
    /// <paramref name="configure"/>, then demo data for empty user/client lists, then validation) and the
    /// singleton <see cref="GamEmulator"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional extra configuration, applied after configuration binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGamEmulator(this IServiceCollection services, Action<GamEmulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var builder = services.AddOptions<GamEmulatorOptions>();
        // Bind only when configuration exists: BindConfiguration itself would require IConfiguration.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<GamEmulatorOptions>, GamEmulatorBindOptions>());
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GamEmulatorOptions>, GamEmulatorPostConfigureOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GamEmulatorOptions>, GamEmulatorValidateOptions>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GamEmulator>();
        return services;
    }
}
