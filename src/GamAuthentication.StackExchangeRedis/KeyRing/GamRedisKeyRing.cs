using GamAuthentication.StackExchangeRedis.Connection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.StackExchangeRedis.KeyRing;

/// <summary>
/// The Data Protection key ring in Redis (<see cref="RedisXmlRepository"/> on the shared connection) and one
/// application name: state, correlation and auth cookies, L2 payloads, shared refresh results and revocation messages
/// protected on one instance are read on every other.
/// </summary>
internal static class GamRedisKeyRing
{
    public static void Add(IServiceCollection services, GamRedisOptions options)
    {
        services.AddDataProtection().SetApplicationName(options.ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<GamRedisConnection>((keys, redis) => keys.XmlRepository = new RedisXmlRepository(() => redis.Database, redis.Key("data-protection-keys")));
    }
}
