using System.Diagnostics.CodeAnalysis;
using GamAuthentication.Configuration;
using GamAuthentication.Protocol;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the GAM token client and the handlers that put GAM tokens on outgoing calls.</summary>
public static class GamTokenServiceExtensions
{
    /// <summary>
    /// Registers the default <see cref="GamTokenClient"/> (inject it directly) on an <see cref="IHttpClientFactory"/> client
    /// named <c>GamAuthentication.TokenClient</c>. Settings are checked at start-up.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the token client's options.</param>
    /// <returns>The token client's builder; its <see cref="GamTokenClientBuilder.HttpClient"/> is the HTTP client that talks to GAM (add handlers, a proxy, …).</returns>
    public static GamTokenClientBuilder AddGamTokenClient(this IServiceCollection services, Action<GamTokenClientOptions> configure)
        => services.AddGamTokenClient(Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers a named <see cref="GamTokenClient"/>; create it with <see cref="GamTokenClientFactory.Create"/>.
    /// With the default (empty) name, <see cref="GamTokenClient"/> can also be injected directly.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The token client name.</param>
    /// <param name="configure">Sets the token client's options.</param>
    /// <returns>The token client's builder.</returns>
    public static GamTokenClientBuilder AddGamTokenClient(this IServiceCollection services, string name, Action<GamTokenClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddTokenClientCore(services, name, null, configure);
    }

    /// <summary>
    /// Registers a named <see cref="GamTokenClient"/> bound from a configuration section (keys <c>Authority</c>,
    /// <c>ClientId</c>, <c>ClientSecret</c>, <c>EndpointProfile</c>, <c>Scope</c>, …; a value that cannot be parsed
    /// fails with its key named).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The token client name (empty for the default client).</param>
    /// <param name="configuration">The configuration section.</param>
    /// <param name="configure">Optional changes applied after binding.</param>
    /// <returns>The token client's builder.</returns>
    public static GamTokenClientBuilder AddGamTokenClient(this IServiceCollection services, string name, IConfiguration configuration, Action<GamTokenClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddTokenClientCore(services, name, configuration, configure);
    }

    /// <summary>
    /// Attaches a GAM service token, obtained with an API key or the password grant, to every request of this
    /// <see cref="HttpClient"/>. The token is cached until shortly before it expires (tokens that never expire: until
    /// the downstream API rejects them); GAM is asked once however many requests need a token at the same moment; a
    /// downstream 401, or 403 with GAM code 103, renews the token once and retries the request once.
    /// </summary>
    /// <param name="builder">The HTTP client builder (from <c>services.AddHttpClient(name)</c>).</param>
    /// <param name="configure">Sets the GAM application and the service's credentials.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddGamClientAccessToken(this IHttpClientBuilder builder, Action<GamClientAccessTokenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddClientAccessTokenCore(builder, null, configure);
    }

    /// <summary>
    /// Like <see cref="AddGamClientAccessToken(IHttpClientBuilder, Action{GamClientAccessTokenOptions})"/>, bound from a
    /// configuration section (the token-client keys plus <c>ApiKey</c> or <c>UserName</c> and <c>Password</c>,
    /// <c>RefreshBeforeExpiry</c>, <c>TokenStyle</c>).
    /// </summary>
    /// <param name="builder">The HTTP client builder.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <param name="configure">Optional changes applied after binding.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddGamClientAccessToken(this IHttpClientBuilder builder, IConfiguration configuration, Action<GamClientAccessTokenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddClientAccessTokenCore(builder, configuration, configure);
    }

    /// <summary>
    /// Sends the signed-in user's GAM access token (saved by <c>AddGam()</c>) with every request of this
    /// <see cref="HttpClient"/>, refreshing it shortly before it expires and writing the new tokens back into the
    /// authentication cookie. When it cannot be refreshed, the user is signed out locally and the call answers 401.
    /// Use it only while handling a request.
    /// </summary>
    /// <param name="builder">The HTTP client builder.</param>
    /// <param name="configure">Optional settings (GAM scheme, refresh margin, token style).</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddGamUserAccessToken(this IHttpClientBuilder builder, Action<GamUserAccessTokenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddGamUserTokenManagement();
        var options = services.AddOptions<GamUserAccessTokenOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var prefix = GamNamedOptionsValidator<GamUserAccessTokenOptions>.Prefix(null, name);
        services.AddSingleton<IValidateOptions<GamUserAccessTokenOptions>>(new GamNamedOptionsValidator<GamUserAccessTokenOptions>(name, o => o.Validate(prefix)));
        GamStartupValidation.Register<GamUserAccessTokenOptions>(services, name);

        UseHeaderlessLogging(builder);
        return builder.AddHttpMessageHandler(sp => new GamUserAccessTokenHandler(
            sp.GetRequiredService<IHttpContextAccessor>(),
            sp.GetRequiredService<GamUserTokenManager>(),
            sp.GetRequiredService<IOptionsMonitor<GamUserAccessTokenOptions>>(),
            name,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<GamUserTokenManager>()));
    }

    /// <summary>
    /// The client carries GAM tokens: the factory's default loggers (whose Trace records keep header values in their
    /// state) give way to one that logs the same lines without headers (<see cref="GamDownstreamLogger"/>).
    /// </summary>
    private static void UseHeaderlessLogging(IHttpClientBuilder builder)
    {
        var category = GamDownstreamLogger.Category(builder.Name);
        builder.RemoveAllLoggers().AddLogger(sp => new GamDownstreamLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger(category)));
    }

    /// <summary>The user-token manager behind <c>AddGamUserAccessToken()</c> and <c>HttpContext.GetGamUserAccessTokenAsync()</c> (also added by <c>AddGam()</c>).</summary>
    internal static IServiceCollection AddGamUserTokenManagement(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new GamUserTokenStore(
            sp.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<GamUserTokenManager>()));
        services.TryAddSingleton<IGamRefreshCoordinator, GamLocalRefreshCoordinator>();
        services.TryAddSingleton(static sp => new GamUserTokenRefresher(sp.GetRequiredService<IGamRefreshCoordinator>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(static sp => new GamUserTokenManager(
            sp.GetRequiredService<IOptionsMonitor<GamAuthentication.GamOptions>>(),
            sp.GetRequiredService<GamUserTokenStore>(),
            sp.GetRequiredService<GamUserTokenRefresher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GamUserTokenManager>>()));
        return services;
    }

    private static GamTokenClientBuilder AddTokenClientCore(IServiceCollection services, string name, IConfiguration? configuration, Action<GamTokenClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GamTokenClientFactory>();
        RegisterOptions(services, name, configuration, configure, GamTokenOptionsKeys.TokenClient);
        if (name.Length == 0)
        {
            services.TryAddTransient(sp => sp.GetRequiredService<GamTokenClientFactory>().Create());
        }

        return new GamTokenClientBuilder(services, name, GamBackchannel.Add(services, GamTokenDefaults.TokenClientHttpClientName(name)));
    }

    private static IHttpClientBuilder AddClientAccessTokenCore(IHttpClientBuilder builder, IConfiguration? configuration, Action<GamClientAccessTokenOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GamClientAccessTokenManager>();
        RegisterOptions(services, name, configuration, configure, GamTokenOptionsKeys.ClientAccessToken);

        // The client that asks GAM for the token: separate, so it never carries the token handler itself.
        GamBackchannel.Add(services, GamTokenDefaults.ClientAccessTokenHttpClientName(name));
        UseHeaderlessLogging(builder);
        return builder.AddHttpMessageHandler(sp => new GamClientAccessTokenHandler(
            sp.GetRequiredService<GamClientAccessTokenManager>(),
            name,
            sp.GetRequiredService<IOptionsMonitor<GamClientAccessTokenOptions>>().Get(name).TokenStyle,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<GamClientAccessTokenManager>()));
    }

    private static void RegisterOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, string name, IConfiguration? configuration, Action<TOptions>? configure, GamBindingMap<TOptions> keys)
        where TOptions : GamTokenClientOptions
    {
        if (configuration is not null)
        {
            services.AddSingleton<IConfigureOptions<TOptions>>(new GamConfigureOptions<TOptions>(n => string.Equals(n, name, StringComparison.Ordinal) ? configuration : null, keys));
        }

        var options = services.AddOptions<TOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var prefix = GamNamedOptionsValidator<TOptions>.Prefix(configuration, name);
        services.AddSingleton<IValidateOptions<TOptions>>(new GamNamedOptionsValidator<TOptions>(name, o => [.. o.ConfigurationProblems, .. o.Validate(prefix)]));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TOptions>, GamTokenPostConfigureOptions<TOptions>>());
        GamStartupValidation.Register<TOptions>(services, name);
    }
}
