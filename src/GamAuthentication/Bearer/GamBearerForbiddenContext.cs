using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication;

/// <summary>The context of <see cref="GamBearerEvents.OnForbidden"/> (an authenticated request that lacks a role or policy: 403).</summary>
public sealed class GamBearerForbiddenContext : ResultContext<GamBearerOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    public GamBearerForbiddenContext(HttpContext context, AuthenticationScheme scheme, GamBearerOptions options)
        : base(context, scheme, options)
    {
    }
}
