using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Bearer;

/// <summary>
/// The context of <see cref="GamBearerEvents.OnAuthenticationFailed"/>. Leave <see cref="ResultContext{TOptions}.Result"/>
/// unset to fail the request as the handler decided, or set it (e.g. <c>NoResult()</c>) to decide otherwise.
/// </summary>
public sealed class GamBearerAuthenticationFailedContext : ResultContext<GamBearerOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="exception">What went wrong; a <see cref="GamAuthenticationException"/> for GAM's answers.</param>
    /// <param name="failure">The kind of failure, which decides the answer (400, 401 or 503).</param>
    public GamBearerAuthenticationFailedContext(HttpContext context, AuthenticationScheme scheme, GamBearerOptions options, Exception exception, GamBearerFailureKind failure)
        : base(context, scheme, options)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Exception = exception;
        Failure = failure;
    }

    /// <summary>What went wrong. Its message never contains the token.</summary>
    public Exception Exception { get; }

    /// <summary>The kind of failure.</summary>
    public GamBearerFailureKind Failure { get; }
}
