using GamAuthentication.Emulator;
using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the routes of the GAM emulator.</summary>
public static class GamEmulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the GAM identity-provider routes below <paramref name="pathPrefix"/> (GAM's virtual directory):
    /// <c>oauth/gam/signin</c>, <c>oauth/gam/signout</c>, <c>oauth/gam/access_token</c>,
    /// <c>oauth/gam/v2.0/access_token</c>, <c>oauth/access_token</c>, the userinfo routes
    /// <c>oauth/gam/userinfo</c>, <c>oauth/gam/v2.0/userinfo</c>, <c>openid/userinfo</c>, <c>oauth/userinfo</c>,
    /// and <c>oauth/logout</c>. The routes allow anonymous access and skip antiforgery.
    /// Requires <see cref="Microsoft.Extensions.DependencyInjection.GamEmulatorServiceCollectionExtensions.AddGamEmulator"/>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (e.g. a <c>WebApplication</c>).</param>
    /// <param name="pathPrefix">The prefix, default <c>/gam</c>; <c>""</c> or <c>"/"</c> maps at the root.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapGamEmulator(this IEndpointRouteBuilder endpoints, string pathPrefix = GamEmulatorDefaults.PathPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var emulator = endpoints.ServiceProvider.GetService(typeof(GamEmulator)) as GamEmulator
            ?? throw new InvalidOperationException("The GAM emulator is not registered: call services.AddGamEmulator() before MapGamEmulator().");

        var prefix = string.IsNullOrWhiteSpace(pathPrefix) ? "/" : "/" + pathPrefix.Trim().Trim('/');
        var group = endpoints.MapGroup(prefix);
        group.AllowAnonymous();
        group.DisableAntiforgery();
        group.WithGroupName("GamEmulator");

        var handlers = new GamEmulatorHandlers(emulator);
        string[] getAndPost = [HttpMethods.Get, HttpMethods.Post];

        group.MapGet("oauth/gam/signin", handlers.SignInGetAsync);
        group.MapPost("oauth/gam/signin", handlers.SignInPostAsync);
        group.MapGet("oauth/gam/signout", handlers.SignOutAsync);

        group.MapPost("oauth/gam/access_token", handlers.WebTokenAsync);
        group.MapMethods("oauth/gam/v2.0/access_token", getAndPost, handlers.RestTokenAsync);
        group.MapPost("oauth/access_token", handlers.AppTokenAsync);

        group.MapMethods("oauth/gam/userinfo", getAndPost, handlers.UserInfoAsync);
        group.MapMethods("oauth/gam/v2.0/userinfo", getAndPost, handlers.UserInfoAsync);
        group.MapMethods("oauth/userinfo", getAndPost, handlers.UserInfoAsync);
        group.MapMethods("openid/userinfo", getAndPost, handlers.OpenIdUserInfoAsync);

        group.MapMethods("oauth/logout", getAndPost, handlers.LogoutAsync);
        return group;
    }
}
