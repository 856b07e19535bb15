using System.Globalization;
using System.Net.Sockets;
using GamAuthentication.Emulator;
using GamAuthentication.Samples.Farm.Balancer;
using GamAuthentication.Samples.Farm.Processes;

namespace GamAuthentication.Samples.Farm;

/// <summary>
/// Starts the farm in order (Redis, GAM, the instances, the balancer) and stops all of it when disposed, also when
/// start-up fails half-way. Program.cs runs it until Ctrl+C; the farm test runs it on free ports.
/// </summary>
public sealed class FarmLauncher : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private readonly List<ChildProcess> _processes = [];
    private readonly Action<string> _log;
    private WebApplication? _balancer;
    private string? _redisDirectory;

    private FarmLauncher(FarmSettings settings, FarmPorts ports, Action<string> log)
    {
        Settings = settings;
        Ports = ports;
        _log = log;
    }

    /// <summary>What was asked for.</summary>
    public FarmSettings Settings { get; }

    /// <summary>Where everything listens.</summary>
    public FarmPorts Ports { get; }

    /// <summary>The balancer's MVC address, e.g. http://localhost:5080.</summary>
    public Uri MvcUrl => new(FarmBalancer.Url(Ports.Balancer));

    /// <summary>The balancer's API address, e.g. http://localhost:5090.</summary>
    public Uri ApiUrl => new(FarmBalancer.Url(Ports.ApiBalancer));

    /// <summary>GAM's authority (the emulator), e.g. http://127.0.0.1:5070/gam.</summary>
    public Uri GamAuthority => new(Loopback(Ports.Gam) + GamEmulatorDefaults.PathPrefix);

    /// <summary>The Redis configuration string every instance uses.</summary>
    public string RedisConfiguration => Settings.Redis ?? "127.0.0.1:" + Ports.Redis.ToString(CultureInfo.InvariantCulture);

    /// <summary>Completes when any process of the farm exits on its own: the farm is then incomplete.</summary>
    public Task AnyExited => Task.WhenAny(_processes.Select(p => p.Exited));

    /// <summary>Starts everything; returns once every part answers.</summary>
    public static async Task<FarmLauncher> StartAsync(FarmSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var farm = new FarmLauncher(settings, FarmPorts.For(settings), log);
        try
        {
            await farm.StartRedisAsync(cancellationToken).ConfigureAwait(false);
            await farm.StartGamAsync(cancellationToken).ConfigureAwait(false);
            await farm.StartInstancesAsync(cancellationToken).ConfigureAwait(false);
            farm._balancer = FarmBalancer.Create(farm.Ports, log);
            await farm._balancer.StartAsync(cancellationToken).ConfigureAwait(false);
            return farm;
        }
        catch
        {
            await farm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartRedisAsync(CancellationToken cancellationToken)
    {
        if (Settings.Redis is not null)
        {
            return;
        }

        // Its own empty directory and no persistence: nothing of an earlier run (or of a Redis already on the machine) is reused.
        _redisDirectory = Directory.CreateTempSubdirectory("gam-farm-redis-").FullName;
        var redis = ChildProcess.Start("redis", "redis-server",
            ["--port", Ports.Redis.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _redisDirectory,
             "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning"],
            _redisDirectory, _log);
        _processes.Add(redis);
        await redis.WaitUntilReadyAsync(_ => AcceptsConnectionsAsync(Ports.Redis), StartDeadline, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartGamAsync(CancellationToken cancellationToken)
    {
        var emulator = BuiltProject.Emulator;
        var gam = Start("gam", emulator,
            ["--urls", Loopback(Ports.Gam),
             "--GamEmulator:AccessTokenLifetimeSeconds=" + Settings.AccessTokenLifetimeSeconds.ToString(CultureInfo.InvariantCulture),
             "--GamEmulator:MaxTokenRenewals=999",
             "--Logging:LogLevel:Microsoft.AspNetCore=Warning"]);
        await gam.WaitUntilReadyAsync(ct => AnswersAsync(new Uri(Loopback(Ports.Gam) + "/"), ct), StartDeadline, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartInstancesAsync(CancellationToken cancellationToken)
    {
        var started = new List<(ChildProcess Process, int Port)>();
        var mvc = BuiltProject.Mvc;
        for (var i = 0; i < Ports.Mvc.Count; i++)
        {
            started.Add((Start($"mvc-{i + 1}", mvc, InstanceArguments($"mvc-{i + 1}", Ports.Mvc[i],
                "--Authentication:Schemes:Gam:Authority=" + GamAuthority,
                "--Authentication:Schemes:Gam:ClientId=" + GamEmulatorDefaults.ClientId,
                "--Authentication:Schemes:Gam:ClientSecret=" + GamEmulatorDefaults.ClientSecret,
                "--Samples:ApiBaseUrl=" + ApiUrl,
                "--Samples:ServerSideSessions=" + (Settings.ServerSideSessions ? "true" : "false"))), Ports.Mvc[i]));
        }

        var api = BuiltProject.Api;
        for (var i = 0; i < Ports.Api.Count; i++)
        {
            started.Add((Start($"api-{i + 1}", api, InstanceArguments($"api-{i + 1}", Ports.Api[i],
                "--Authentication:Schemes:GamBearer:Authority=" + GamAuthority)), Ports.Api[i]));
        }

        // They start in parallel; /health answers (whatever it says) once the instance listens.
        await Task.WhenAll(started.Select(s => s.Process.WaitUntilReadyAsync(
            ct => AnswersAsync(new Uri(Loopback(s.Port) + "/health"), ct), StartDeadline, cancellationToken))).ConfigureAwait(false);
    }

    private string[] InstanceArguments(string name, int port, params string[] specific) =>
        [.. new[]
        {
            "--urls", Loopback(port),
            "--environment", "Development",
            "--ConnectionStrings:Redis=" + RedisConfiguration,
            "--Samples:InstanceName=" + name,
        }, .. specific];

    private ChildProcess Start(string name, BuiltProject project, IEnumerable<string> arguments)
    {
        var process = ChildProcess.Start(name, "dotnet", project.DotnetArguments(arguments), project.ProjectDirectory, _log);
        _processes.Add(process);
        return process;
    }

    private static string Loopback(int port) => "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> AnswersAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops the balancer, then every process (the instances before Redis), and removes Redis's directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.StopAsync().ConfigureAwait(false);
            await _balancer.DisposeAsync().ConfigureAwait(false);
            _balancer = null;
        }

        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync().ConfigureAwait(false);
        }

        _processes.Clear();
        if (_redisDirectory is not null && Directory.Exists(_redisDirectory))
        {
            Directory.Delete(_redisDirectory, recursive: true);
        }
    }
}
