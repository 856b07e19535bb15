using GamAuthentication.Bearer;
using GamAuthentication.StackExchangeRedis;
using GamAuthentication.StackExchangeRedis.Connection;
using GamAuthentication.StackExchangeRedis.KeyRing;
using GamAuthentication.StackExchangeRedis.Refresh;
using GamAuthentication.StackExchangeRedis.Revocations;
using GamAuthentication.StackExchangeRedis.Sessions;
using GamAuthentication;
using GamAuthentication.Tokens;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs GamAuthentication as a web farm on Redis: <see cref="AddGamRedis(IServiceCollection, string, Action{GamRedisOptions}?)"/>.</summary>
public static class GamRedisServiceCollectionExtensions
{
    /// <summary>
    /// Shares through Redis what the instances of a farm must agree on: the Data Protection key ring, the
    /// <c>IDistributedCache</c>, one refresh per refresh token, bearer revocations and GAM sign-outs, and (opt-in)
    /// server-side sessions. One connection (connected on first use, never failing start-up) serves them all. Call it
    /// besides <c>AddGam()</c> and/or <c>AddGamBearer()</c>; switch parts off with <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">The StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</param>
    /// <param name="configure">Changes the defaults of <see cref="GamRedisOptions"/>.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public static IServiceCollection AddGamRedis(this IServiceCollection services, string connectionString, Action<GamRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new GamRedisOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        return Add(services, options);
    }

    /// <summary>
    /// <see cref="AddGamRedis(IServiceCollection, string, Action{GamRedisOptions}?)"/> with the settings of a configuration
    /// section (e.g. <c>Gam:Redis</c>): <c>ConnectionString</c>, <c>KeyPrefix</c>, <c>ApplicationName</c>, the switches
    /// <c>SharedKeyRing</c>, <c>DistributedCache</c>, <c>RefreshLock</c>, <c>Revocations</c>, <c>ServerSideSessions</c>,
    /// and <c>RefreshLockLease</c>, <c>RefreshResultLifetime</c>, <c>RefreshPollInterval</c>, <c>SessionLifetime</c>
    /// (as <c>hh:mm:ss</c>). Read once, at registration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public static IServiceCollection AddGamRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new GamRedisOptions();
        configuration.Bind(options);
        return Add(services, options);
    }

    private static IServiceCollection Add(IServiceCollection services, GamRedisOptions options)
    {
        options.Validate();
        services.TryAddSingleton(options);
        services.TryAddSingleton<GamRedisConnection>();
        if (options.SharedKeyRing)
        {
            GamRedisKeyRing.Add(services, options);
        }
        else
        {
            services.AddDataProtection();
        }

        if (options.DistributedCache)
        {
            services.AddStackExchangeRedisCache(_ => { });
            services.AddOptions<Caching.StackExchangeRedis.RedisCacheOptions>().Configure<GamRedisConnection>((cache, redis) =>
            {
                cache.InstanceName = redis.Key("cache:");
                cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis.Multiplexer);
            });
        }

        if (options.RefreshLock)
        {
            services.RemoveAll<IGamRefreshCoordinator>();
            services.AddSingleton<IGamRefreshCoordinator, GamRedisRefreshCoordinator>();
        }

        if (options.Revocations)
        {
            services.TryAddSingleton<GamRedisRevocationChannel>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IGamBearerCacheListener, GamRedisRevocationChannel>(sp => sp.GetRequiredService<GamRedisRevocationChannel>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IGamSignOutListener, GamRedisRevocationChannel>(sp => sp.GetRequiredService<GamRedisRevocationChannel>()));
            services.AddHostedService(sp => sp.GetRequiredService<GamRedisRevocationChannel>());
        }

        if (options.ServerSideSessions)
        {
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<GamRedisTicketStore>();
            services.TryAddSingleton(sp => new GamSessions(sp.GetRequiredService<GamRedisTicketStore>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, GamSessionStoreSetup>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GamOptions>, GamSessionSignInSetup>());
        }

        return services;
    }
}
