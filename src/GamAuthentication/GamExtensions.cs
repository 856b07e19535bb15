using GamAuthentication;
using GamAuthentication.Configuration;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the GAM sign-in handler.</summary>
public static class GamExtensions
{
    /// <summary>Adds GAM sign-in with scheme <c>Gam</c>, bound from <c>Authentication:Schemes:Gam</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGam(this AuthenticationBuilder builder)
        => builder.AddGam(GamDefaults.AuthenticationScheme, GamDefaults.DisplayName, _ => { });

    /// <summary>Adds GAM sign-in under a scheme of your choice, bound from <c>Authentication:Schemes:{scheme}</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGam(this AuthenticationBuilder builder, string authenticationScheme)
        => builder.AddGam(authenticationScheme, GamDefaults.DisplayName, _ => { });

    /// <summary>Adds GAM sign-in with scheme <c>Gam</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGam(this AuthenticationBuilder builder, Action<GamOptions> configureOptions)
        => builder.AddGam(GamDefaults.AuthenticationScheme, GamDefaults.DisplayName, configureOptions);

    /// <summary>Adds GAM sign-in under a scheme of your choice, bound from <c>Authentication:Schemes:{scheme}</c>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Configures the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGam(this AuthenticationBuilder builder, string authenticationScheme, Action<GamOptions> configureOptions)
        => builder.AddGam(authenticationScheme, GamDefaults.DisplayName, configureOptions);

    /// <summary>Adds GAM sign-in under a scheme and display name of your choice.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="displayName">The display name (shown on sign-in buttons).</param>
    /// <param name="configureOptions">Configures the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddGam(this AuthenticationBuilder builder, string authenticationScheme, string? displayName, Action<GamOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configureOptions);

        GamBackchannel.Add(builder.Services, GamDefaults.BackchannelClientName(authenticationScheme));
        builder.Services.AddGamUserTokenManagement();
        builder.Services.TryAddSingleton(GamOptionsKeys.Map);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<GamOptions>, GamSchemeConfigureOptions<GamOptions>>());

        // Ours must run before the framework's OAuth post-configure, which would otherwise create a plain HttpClient.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GamOptions>, GamPostConfigureOptions>());
        GamStartupValidation.Register<GamOptions>(builder.Services, authenticationScheme);
        return builder.AddOAuth<GamOptions, GamHandler>(authenticationScheme, displayName ?? authenticationScheme, configureOptions);
    }
}
