using GamAuthentication.Samples.Shared.Farm;

namespace GamAuthentication.Samples.Api.Farm;

/// <summary>
/// Farm mode: when <c>ConnectionStrings:Redis</c> is set, several instances of this API run behind a load balancer and
/// share, through Redis, the validated-token cache (L2) and revocations: a token revoked, or signed out at GAM through
/// an MVC app with the same Data Protection application name, is refused by every instance within a second.
/// </summary>
public static class FarmMode
{
    /// <summary>Turns farm mode on when Redis is configured; returns whether it did.</summary>
    /// <param name="builder">The app builder.</param>
    /// <returns>Whether farm mode is on.</returns>
    public static bool AddWhenConfigured(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var redis = FarmInstance.RedisConnectionString(builder.Configuration);
        if (redis is null)
        {
            return false;
        }

        FarmInstance.RequireSharedGam(builder.Configuration, "Authentication:Schemes:GamBearer:Authority", "Authentication:Schemes:GamBearer:UserInformationEndpoint");
        builder.Services.AddGamRedis(redis);
        FarmInstance.AddInstanceHeader(builder.Services, builder.Configuration);
        return true;
    }
}
