using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Bearer;

/// <summary>
/// The context of <see cref="GamBearerEvents.OnChallenge"/>: what the handler is about to answer. Change
/// <see cref="Error"/> or <see cref="ErrorDescription"/>, or call <see cref="HandleResponse"/> and write the
/// response yourself.
/// </summary>
public sealed class GamBearerChallengeContext : PropertiesContext<GamBearerOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="properties">The challenge properties.</param>
    public GamBearerChallengeContext(HttpContext context, AuthenticationScheme scheme, GamBearerOptions options, AuthenticationProperties? properties)
        : base(context, scheme, options, properties)
    {
    }

    /// <summary>The authentication failure, when there was one.</summary>
    public Exception? AuthenticateFailure { get; set; }

    /// <summary>The kind of failure: decides the status code (401, 400 or 503).</summary>
    public GamBearerFailureKind Failure { get; set; }

    /// <summary>The RFC 6750 <c>error</c>: <c>invalid_request</c>, <c>invalid_token</c>, or null.</summary>
    public string? Error { get; set; }

    /// <summary>The RFC 6750 <c>error_description</c>, when <see cref="GamBearerOptions.IncludeErrorDetails"/> allows.</summary>
    public string? ErrorDescription { get; set; }

    /// <summary>The RFC 6750 <c>error_uri</c>.</summary>
    public string? ErrorUri { get; set; }

    /// <summary>The <c>Retry-After</c> of a 503 answer.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>True when an event handler has written the response.</summary>
    public bool Handled { get; private set; }

    /// <summary>Skips the handler's own answer: the event writes the response.</summary>
    public void HandleResponse() => Handled = true;
}
