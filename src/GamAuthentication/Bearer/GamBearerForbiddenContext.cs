using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Bearer;

/// <summary>
/// The context of <see cref="GamBearerEvents.OnForbidden"/> (an authenticated request that lacks a role or policy):
/// change what the 403's <c>WWW-Authenticate</c> says, or write your own answer and call <see cref="HandleResponse"/>.
/// </summary>
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

    /// <summary>The RFC 6750 error of the challenge: <c>insufficient_scope</c>.</summary>
    public string? Error { get; set; }

    /// <summary>The error description (set when <see cref="GamBearerOptions.IncludeErrorDetails"/>).</summary>
    public string? ErrorDescription { get; set; }

    /// <summary>An optional <c>error_uri</c>.</summary>
    public string? ErrorUri { get; set; }

    /// <summary>True once <see cref="HandleResponse"/> was called: the handler then writes nothing.</summary>
    public bool Handled { get; private set; }

    /// <summary>Skips the handler's 403 answer: the event wrote its own.</summary>
    public void HandleResponse() => Handled = true;
}
