using System.Net;
using System.Net.Sockets;

namespace GamAuthentication.Samples.Farm;

/// <summary>The loopback ports of every part of the farm.</summary>
/// <param name="Balancer">The balancer's MVC listener (http://localhost:5080 by default).</param>
/// <param name="ApiBalancer">The balancer's API listener (http://localhost:5090 by default).</param>
/// <param name="Gam">The GAM emulator.</param>
/// <param name="Redis">redis-server (6379 when free).</param>
/// <param name="Mvc">One port per MVC instance.</param>
/// <param name="Api">One port per API instance.</param>
public sealed record FarmPorts(int Balancer, int ApiBalancer, int Gam, int Redis, IReadOnlyList<int> Mvc, IReadOnlyList<int> Api)
{
    /// <summary>Redis's own port, used when nothing listens on it.</summary>
    public const int DefaultRedisPort = 6379;

    /// <summary>The ports for <paramref name="settings"/>: offsets from the base port, or free ports when it is 0.</summary>
    public static FarmPorts For(FarmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var basePort = settings.BasePort;
        if (basePort == 0)
        {
            return new FarmPorts(Free(), Free(), Free(), Free(),
                Enumerable.Range(0, settings.MvcInstances).Select(_ => Free()).ToArray(),
                Enumerable.Range(0, settings.ApiInstances).Select(_ => Free()).ToArray());
        }

        var redis = IsFree(DefaultRedisPort) ? DefaultRedisPort : Free();
        return new FarmPorts(basePort, basePort + 10, basePort - 10, redis,
            Enumerable.Range(basePort + 1, settings.MvcInstances).ToArray(),
            Enumerable.Range(basePort + 11, settings.ApiInstances).ToArray());
    }

    private static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
