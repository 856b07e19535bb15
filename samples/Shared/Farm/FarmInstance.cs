namespace GamAuthentication.Samples.Shared.Farm;

/// <summary>
/// What the MVC and API samples do alike in farm mode (compiled into both): read the Redis connection string, and name
/// the instance in every response so one can see the balancer spread the requests.
/// </summary>
internal static class FarmInstance
{
    /// <summary>The connection string that turns farm mode on: <c>ConnectionStrings:Redis</c>.</summary>
    public const string ConnectionStringName = "Redis";

    /// <summary>The response header that names the instance that answered.</summary>
    public const string Header = "X-Gam-Instance";

    /// <summary>The Redis configuration string, or null when farm mode is off.</summary>
    public static string? RedisConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } redis ? redis : null;

    /// <summary>
    /// Farm mode needs one GAM for all instances: an instance with its own embedded emulator would sign users in
    /// against a GAM the others do not know. Throws when none of <paramref name="gamKeys"/> (where the GAM address can be
    /// configured) is set.
    /// </summary>
    public static void RequireSharedGam(IConfiguration configuration, params string[] gamKeys)
    {
        if (gamKeys.All(key => string.IsNullOrWhiteSpace(configuration[key])))
        {
            throw new InvalidOperationException(
                $"Farm mode (ConnectionStrings:{ConnectionStringName} is set) needs {gamKeys[0]}: every instance must use the same GAM, " +
                "so none mounts its own emulator. Start one (gam-emulator) and point every instance at it.");
        }
    }

    /// <summary>Adds <see cref="Header"/> (<c>Samples:InstanceName</c>, default machine name and process id) to every response.</summary>
    public static void AddInstanceHeader(IServiceCollection services, IConfiguration configuration)
    {
        var name = configuration["Samples:InstanceName"] is { Length: > 0 } configured
            ? configured
            : Environment.MachineName + "-" + Environment.ProcessId;
        services.AddSingleton<IStartupFilter>(new InstanceHeaderFilter(name));
    }

    private sealed class InstanceHeaderFilter(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Response.Headers[Header] = name;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
