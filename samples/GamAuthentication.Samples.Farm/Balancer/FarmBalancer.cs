using System.Globalization;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace GamAuthentication.Samples.Farm.Balancer;

/// <summary>
/// The load balancer: YARP in this process with two listeners, one for the MVC instances and one for the API
/// instances, round-robin and no session affinity, so consecutive requests of one browser land on different instances.
/// </summary>
public static class FarmBalancer
{
    /// <summary>Builds the balancer (not yet started).</summary>
    public static WebApplication Create(FarmPorts ports, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(log);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new PrefixedLoggerProvider("balancer", log));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(Url(ports.Balancer), Url(ports.ApiBalancer));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [Route("mvc", ports.Balancer), Route("api", ports.ApiBalancer)],
            [Cluster("mvc", ports.Mvc), Cluster("api", ports.Api)]);
        var app = builder.Build();
        app.MapReverseProxy();
        return app;
    }

    /// <summary>http://localhost:{port}: the name a browser uses, so GAM's callback and cookies use it too.</summary>
    public static string Url(int port) => "http://localhost:" + port.ToString(CultureInfo.InvariantCulture);

    // Everything that arrives on the listener's port goes to its cluster. The original Host header is kept, so the
    // instances build redirect URIs (GAM callback, sign-out return) for the balancer, not for themselves.
    private static RouteConfig Route(string cluster, int port) => new()
    {
        RouteId = cluster,
        ClusterId = cluster,
        Match = new RouteMatch { Path = "/{**rest}", Hosts = ["*:" + port.ToString(CultureInfo.InvariantCulture)] },
        Transforms = [new Dictionary<string, string>(StringComparer.Ordinal) { ["RequestHeaderOriginalHost"] = "true" }],
    };

    private static ClusterConfig Cluster(string name, IReadOnlyList<int> ports) => new()
    {
        ClusterId = name,
        LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
        Destinations = ports.Select((port, i) => (Name: $"{name}-{i + 1}", Port: port)).ToDictionary(
            d => d.Name,
            d => new DestinationConfig { Address = "http://127.0.0.1:" + d.Port.ToString(CultureInfo.InvariantCulture) },
            StringComparer.Ordinal),
    };
}
