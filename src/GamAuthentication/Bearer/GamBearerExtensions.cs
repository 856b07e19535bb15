using GamAuthentication;
using GamAuthentication.Bearer;
using GamAuthentication.Configuration;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the GAM bearer handler, which protects APIs with opaque GAM access tokens.</summary>
public static class GamBearerExtensions
{
    /// <summary>Adds the GAM bearer handler with scheme <c>GamBearer</c>, bound from <c>Authentication:Schemes:GamBearer</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGamBearer(this AuthenticationBuilder builder)
        => builder.AddGamBearer(GamBearerDefaults.AuthenticationScheme, displayName: null, _ => { });

    /// <summary>Adds the GAM bearer handler under a scheme of your choice, bound from <c>Authentication:Schemes:{scheme}</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGamBearer(this AuthenticationBuilder builder, string authenticationScheme)
        => builder.AddGamBearer(authenticationScheme, displayName: null, _ => { });

    /// <summary>Adds the GAM bearer handler with scheme <c>GamBearer</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGamBearer(this AuthenticationBuilder builder, Action<GamBearerOptions> configureOptions)
        => builder.AddGamBearer(GamBearerDefaults.AuthenticationScheme, configureOptions);

    /// <summary>Adds the GAM bearer handler under a scheme of your choice, bound from <c>Authentication:Schemes:{scheme}</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Configures the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGamBearer(this AuthenticationBuilder builder, string authenticationScheme, Action<GamBearerOptions> configureOptions)
        => builder.AddGamBearer(authenticationScheme, displayName: null, configureOptions);

    /// <summary>Adds the GAM bearer handler under a scheme and display name of your choice.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="displayName">The display name.</param>
    /// <param name="configureOptions">Configures the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGamBearer(this AuthenticationBuilder builder, string authenticationScheme, string? displayName, Action<GamBearerOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configureOptions);

        var services = builder.Services;
        GamBackchannel.Add(services, GamDefaults.BackchannelClientName(authenticationScheme));
        services.AddMetrics();
        services.TryAddSingleton<GamBearerInstruments>();
        services.TryAddSingleton(static sp => new GamBearerTokenCache(
            sp.GetRequiredService<IAuthenticationSchemeProvider>(),
            sp.GetRequiredService<IOptionsMonitor<GamBearerOptions>>(),
            sp.GetService<IDistributedCache>(),
            sp.GetService<IDataProtectionProvider>(),
            sp.GetRequiredService<GamBearerInstruments>(),
            sp.GetServices<IGamBearerCacheListener>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGamSignOutListener, GamBearerSignOutListener>());
        services.TryAddSingleton(GamBearerOptionsKeys.Map);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<GamBearerOptions>, GamSchemeConfigureOptions<GamBearerOptions>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GamBearerOptions>, GamBearerPostConfigureOptions>());
        GamStartupValidation.Register<GamBearerOptions>(services, authenticationScheme);
        return builder.AddScheme<GamBearerOptions, GamBearerHandler>(authenticationScheme, displayName, configureOptions);
    }
}
