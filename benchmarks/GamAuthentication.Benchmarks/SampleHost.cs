using GamAuthentication.Samples.Api;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Benchmarks;

/// <summary>Runs the API sample unchanged; with <c>--Redis=host:port</c> it also registers Redis as the distributed cache.</summary>
internal static class SampleHost
{
    public static int Serve(string[] args)
    {
        var app = SampleApi.Create(args, builder =>
        {
            // The one line a production app writes to share validated tokens through Redis.
            var redis = builder.Configuration["Redis"];
            if (!string.IsNullOrEmpty(redis))
            {
                builder.Services.AddStackExchangeRedisCache(o => o.Configuration = redis);
            }
        });
        app.Run();
        return 0;
    }
}
