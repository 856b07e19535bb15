using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Connection;

/// <summary>
/// The one Redis connection every part shares (cache, key ring, lock, pub/sub): connected on first use, never failing
/// the app when Redis is down (<c>abortConnect=false</c>; commands fail fast instead of queueing). It also says once,
/// not per request, that Redis is unreachable, and once that it is back.
/// </summary>
internal sealed partial class GamRedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;
    private readonly ILogger _logger;
    private int _down;

    public GamRedisConnection(GamRedisOptions options, ILogger<GamRedisConnection> logger)
    {
        Options = options;
        _logger = logger;
        var configuration = ConfigurationOptions.Parse(options.ConnectionString!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;

        // Exceptions (which the outage warning logs) would otherwise name the command's key: a session id.
        configuration.IncludeDetailInExceptions = false;
        _multiplexer = new(() => ConnectionMultiplexer.Connect(configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public GamRedisOptions Options { get; }

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>A key or channel name under <see cref="GamRedisOptions.KeyPrefix"/>.</summary>
    public string Key(string name) => Options.KeyPrefix + name;

    /// <summary>base64url of the SHA-256 of a secret (a token, a user GUID): how keys name it. Never the secret itself.</summary>
    public static string Hash(string secret) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True for the exceptions an unreachable or failing Redis throws.</summary>
    public static bool IsOutage(Exception exception) => exception is RedisException or TimeoutException or ObjectDisposedException;

    /// <summary>Redis failed: logged at the first failure only, until <see cref="Healthy"/>.</summary>
    public void Outage(string part, Exception exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogOutage(_logger, part, exception.GetType().Name, exception.Message);
        }
        else
        {
            LogStillDown(_logger, part, exception.GetType().Name);
        }
    }

    /// <summary>A Redis command worked: if Redis was down, say once that it is back.</summary>
    public void Healthy()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogBack(_logger);
        }
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }

    [LoggerMessage(901, LogLevel.Warning, "GAM Redis: Redis cannot be reached ({Part}: {Exception}: {Message}); each instance works on its own until it is back")]
    private static partial void LogOutage(ILogger logger, string part, string exception, string message);

    [LoggerMessage(902, LogLevel.Debug, "GAM Redis: Redis still cannot be reached ({Part}: {Exception})")]
    private static partial void LogStillDown(ILogger logger, string part, string exception);

    [LoggerMessage(903, LogLevel.Information, "GAM Redis: Redis is reachable again; the instances share their work again")]
    private static partial void LogBack(ILogger logger);
}
