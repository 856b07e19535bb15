using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Samples.Api;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Benchmarks;

/// <summary>Runs the API sample unchanged; with <c>--Redis=host:port</c> it also registers Redis as the distributed cache.</summary>
internal static class SampleHost
{
    public static int Serve(string[] args)
    {
        var app = SampleApi.Create(args, builder =>
        {
            // A production app writes AddStackExchangeRedisCache(...) here; that package cannot restore on
            // this machine, so the benchmark uses the tests' small cache over StackExchange.Redis 1.2.6.
            var redis = builder.Configuration["Redis"];
            if (!string.IsNullOrEmpty(redis))
            {
                builder.Services.AddSingleton<IDistributedCache>(new RedisDistributedCache(redis));
            }
        });
        app.Run();
        return 0;
    }
}
