using GamAuthentication.Emulator;
using GamAuthentication.Emulator.Internal;
using GamAuthentication.Emulator.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the routes of the GAM emulator and of its OpenID Connect provider.</summary>
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
        var (emulator, group, _) = MapGroup(endpoints, pathPrefix, "MapGamEmulator", "GamEmulator");
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

    /// <summary>
    /// Maps an OpenID Connect provider below <paramref name="pathPrefix"/>, laid out like OneLogin's
    /// (Authority <c>https://&lt;subdomain&gt;.onelogin.com/oidc/2</c>): <c>.well-known/openid-configuration</c>,
    /// <c>auth</c> (authorization, GET shows the sign-in page, POST checks it), <c>token</c>, <c>me</c>
    /// (userinfo), <c>certs</c> (JWKS) and <c>logout</c> (end session). It serves the same users, clients,
    /// codes and tokens as <see cref="MapGamEmulator"/>, which may be mapped in the same app or not at all.
    /// The issuer is <c>{scheme}://{host}{PathBase}{pathPrefix}</c> of each request unless
    /// <see cref="GamEmulatorOpenIdConnectOptions.Issuer"/> is set. The routes allow anonymous access and skip
    /// antiforgery. Requires <see cref="Microsoft.Extensions.DependencyInjection.GamEmulatorServiceCollectionExtensions.AddGamEmulator"/>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (e.g. a <c>WebApplication</c>).</param>
    /// <param name="pathPrefix">The prefix, default <c>/oidc/2</c>; <c>""</c> or <c>"/"</c> maps at the root.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapGamOpenIdConnectEmulator(this IEndpointRouteBuilder endpoints, string pathPrefix = GamEmulatorDefaults.OpenIdConnectPathPrefix)
    {
        var (emulator, group, prefix) = MapGroup(endpoints, pathPrefix, "MapGamOpenIdConnectEmulator", "GamOpenIdConnectEmulator");
        var handlers = new OpenIdConnectHandlers(emulator, prefix);
        string[] getAndPost = [HttpMethods.Get, HttpMethods.Post];

        group.MapGet(OpenIdConnectRoutes.Discovery, handlers.DiscoveryAsync);
        group.MapGet(OpenIdConnectRoutes.Jwks, handlers.JwksAsync);
        group.MapGet(OpenIdConnectRoutes.Authorize, handlers.AuthorizeGetAsync);
        group.MapPost(OpenIdConnectRoutes.Authorize, handlers.AuthorizePostAsync);
        group.MapPost(OpenIdConnectRoutes.Token, handlers.TokenAsync);
        group.MapMethods(OpenIdConnectRoutes.UserInfo, getAndPost, handlers.UserInfoAsync);
        group.MapMethods(OpenIdConnectRoutes.EndSession, getAndPost, handlers.EndSessionAsync);
        return group;
    }

    private static (GamEmulator Emulator, RouteGroupBuilder Group, string Prefix) MapGroup(IEndpointRouteBuilder endpoints, string pathPrefix, string method, string groupName)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var emulator = endpoints.ServiceProvider.GetService(typeof(GamEmulator)) as GamEmulator
            ?? throw new InvalidOperationException($"The GAM emulator is not registered: call services.AddGamEmulator() before {method}().");

        var prefix = string.IsNullOrWhiteSpace(pathPrefix) ? "/" : "/" + pathPrefix.Trim().Trim('/');
        var group = endpoints.MapGroup(prefix);
        group.AllowAnonymous();
        group.DisableAntiforgery();
        group.WithGroupName(groupName);
        return (emulator, group, prefix);
    }
}
