namespace GamAuthentication.Bearer;

/// <summary>
/// Events of the GAM bearer handler, shaped like JwtBearer's. Set the delegates, or derive and override the
/// methods (register the type with <see cref="Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions.EventsType"/>).
/// </summary>
public class GamBearerEvents
{
    private static readonly Func<GamBearerMessageReceivedContext, Task> NoMessageReceived = _ => Task.CompletedTask;
    private static readonly Func<GamBearerTokenValidatedContext, Task> NoTokenValidated = _ => Task.CompletedTask;

    /// <summary>Runs first on every request; set <see cref="GamBearerMessageReceivedContext.Token"/> to take the token from somewhere other than the <c>Authorization</c> header.</summary>
    public Func<GamBearerMessageReceivedContext, Task> OnMessageReceived { get; set; } = NoMessageReceived;

    /// <summary>Runs after GAM (or the cache) accepted the token, with a fresh principal per request: enrich it, or reject with <c>Fail</c>.</summary>
    public Func<GamBearerTokenValidatedContext, Task> OnTokenValidated { get; set; } = NoTokenValidated;

    /// <summary>Runs when the request could not be authenticated: malformed, rejected by GAM, or GAM unavailable.</summary>
    public Func<GamBearerAuthenticationFailedContext, Task> OnAuthenticationFailed { get; set; } = _ => Task.CompletedTask;

    /// <summary>Runs before the 401/400/503 challenge is written; call <see cref="GamBearerChallengeContext.HandleResponse"/> to write your own.</summary>
    public Func<GamBearerChallengeContext, Task> OnChallenge { get; set; } = _ => Task.CompletedTask;

    /// <summary>Runs when an authenticated request is forbidden (403).</summary>
    public Func<GamBearerForbiddenContext, Task> OnForbidden { get; set; } = _ => Task.CompletedTask;

    /// <summary>False when neither the delegate is set nor the method overridden: the handler then skips creating the context (one allocation less per request).</summary>
    internal bool HandlesMessageReceived => GetType() != typeof(GamBearerEvents) || !ReferenceEquals(OnMessageReceived, NoMessageReceived);

    /// <summary>False when neither the delegate is set nor the method overridden.</summary>
    internal bool HandlesTokenValidated => GetType() != typeof(GamBearerEvents) || !ReferenceEquals(OnTokenValidated, NoTokenValidated);

    /// <summary>Invokes <see cref="OnMessageReceived"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task.</returns>
    public virtual Task MessageReceived(GamBearerMessageReceivedContext context) => OnMessageReceived(context);

    /// <summary>Invokes <see cref="OnTokenValidated"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task.</returns>
    public virtual Task TokenValidated(GamBearerTokenValidatedContext context) => OnTokenValidated(context);

    /// <summary>Invokes <see cref="OnAuthenticationFailed"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task.</returns>
    public virtual Task AuthenticationFailed(GamBearerAuthenticationFailedContext context) => OnAuthenticationFailed(context);

    /// <summary>Invokes <see cref="OnChallenge"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task.</returns>
    public virtual Task Challenge(GamBearerChallengeContext context) => OnChallenge(context);

    /// <summary>Invokes <see cref="OnForbidden"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task.</returns>
    public virtual Task Forbidden(GamBearerForbiddenContext context) => OnForbidden(context);
}
