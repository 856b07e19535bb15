using GamAuthentication.Samples.Shared.Farm;

namespace GamAuthentication.Samples.Mvc.Farm;

/// <summary>
/// Farm mode: when <c>ConnectionStrings:Redis</c> is set, several instances of this app run behind a load balancer and
/// share, through Redis, the Data Protection key ring, the token cache, one refresh per refresh token, GAM sign-outs
/// and, with <c>Samples:ServerSideSessions=true</c>, the sessions themselves (the cookie then carries only a session id).
/// </summary>
public static class FarmMode
{
    /// <summary>Switches server-side sessions on in farm mode (default off, as in the library).</summary>
    public const string ServerSideSessionsKey = "Samples:ServerSideSessions";

    /// <summary>Turns farm mode on when Redis is configured; returns whether it did.</summary>
    public static bool AddWhenConfigured(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var redis = FarmInstance.RedisConnectionString(builder.Configuration);
        if (redis is null)
        {
            return false;
        }

        FarmInstance.RequireSharedGam(builder.Configuration, "Authentication:Schemes:Gam:Authority");
        var sessions = builder.Configuration.GetValue(ServerSideSessionsKey, defaultValue: false);
        builder.Services.AddGamRedis(redis, options => options.ServerSideSessions = sessions);
        FarmInstance.AddInstanceHeader(builder.Services, builder.Configuration);
        return true;
    }
}
