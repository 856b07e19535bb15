using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Bearer;

/// <summary>The context of <see cref="GamBearerEvents.OnMessageReceived"/>.</summary>
public sealed class GamBearerMessageReceivedContext : ResultContext<GamBearerOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    public GamBearerMessageReceivedContext(HttpContext context, AuthenticationScheme scheme, GamBearerOptions options)
        : base(context, scheme, options)
    {
    }

    /// <summary>
    /// A token found elsewhere (a cookie, a query string for WebSockets...). When set, the <c>Authorization</c>
    /// header is not read; the token is still checked for length and characters.
    /// </summary>
    public string? Token { get; set; }
}
