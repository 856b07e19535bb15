using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GamAuthentication.Bearer;

/// <summary>
/// Authenticates API requests that carry an opaque GAM access token, checking it against GAM's userinfo
/// endpoint through a two-level cache with one shared userinfo call per token. Answers RFC 6750 challenges:
/// 401 (no or bad token), 400 (malformed request), 503 with <c>Retry-After</c> (GAM unavailable), 403
/// (forbidden), each with <c>Cache-Control: no-store</c>.
/// </summary>
public sealed partial class GamBearerHandler : AuthenticationHandler<GamBearerOptions>
{
    private const string AccessTokenName = "access_token";
    private const string AccessTokenKey = ".Token.access_token";
    private const string TokenNamesKey = ".TokenNames";

    private readonly GamBearerTokenCache _tokenCache;
    private GamBearerFailureKind _failure;
    private string? _failureDescription;
    private TimeSpan? _retryAfter;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The options monitor.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    /// <param name="tokenCache">The token cache shared by every GAM bearer scheme.</param>
    public GamBearerHandler(IOptionsMonitor<GamBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder, GamBearerTokenCache tokenCache)
        : base(options, logger, encoder)
    {
        ArgumentNullException.ThrowIfNull(tokenCache);
        _tokenCache = tokenCache;
    }

    /// <summary>The handler's events.</summary>
    private new GamBearerEvents Events
    {
        get => (GamBearerEvents)base.Events!;
        set => base.Events = value;
    }

    /// <inheritdoc />
    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new GamBearerEvents());

    /// <summary>
    /// Reads the token (the <see cref="GamBearerEvents.OnMessageReceived"/> event may supply it), decides it through the
    /// scheme's caches and GAM, raises <see cref="GamBearerEvents.OnTokenValidated"/> and builds the ticket.
    /// </summary>
    /// <returns>The result.</returns>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var scheme = _tokenCache.Scheme(Scheme.Name);

        // 1. The token.
        var (decided, token, problem) = await ReadTokenAsync(scheme.Options).ConfigureAwait(false);
        if (decided is not null)
        {
            return decided;
        }

        if (problem is not null)
        {
            LogMalformedRequest(Logger, Scheme.Name, problem);
            return await FailAsync(GamBearerFailureKind.InvalidRequest, problem, new GamAuthenticationException(problem)).ConfigureAwait(false);
        }

        // 2. The decision: L1 here, else the scheme's shared call (L2, then GAM).
        var hash = GamTokenHash.Compute(token.Span);
        var entry = scheme.FindInMemory(hash);
        var source = GamBearerTokenSource.MemoryCache;
        if (entry is not null)
        {
            scheme.Instruments.MemoryHits.Add(1, scheme.Tag);
        }
        else
        {
            GamBearerOutcome outcome;
            try
            {
                outcome = await scheme.ValidateAsync(hash, token.Value, Context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Context.RequestAborted.IsCancellationRequested)
            {
                // Only this request stops waiting; the shared call goes on for the others.
                return AuthenticateResult.Fail("The request was aborted while its token was being checked.");
            }

            if (outcome.Entry is null)
            {
                _retryAfter = outcome.RetryAfter ?? Options.UnavailableRetryAfter;
                return await FailAsync(
                    GamBearerFailureKind.Unavailable,
                    null,
                    new GamAuthenticationException($"GAM could not check the access token: {outcome.Reason}.", null, outcome.HttpStatus)).ConfigureAwait(false);
            }

            entry = outcome.Entry;
            source = outcome.Source;
        }

        if (entry.Kind != GamBearerEntryKind.Valid)
        {
            if (source != GamBearerTokenSource.UserInfo)
            {
                scheme.Instruments.NegativeHits.Add(1, scheme.Tag);
            }

            var description = entry.RejectionDescription();
            var error = string.IsNullOrEmpty(entry.ErrorCode) ? null : new GamError(entry.ErrorCode, null);
            return await FailAsync(GamBearerFailureKind.InvalidToken, description, new GamAuthenticationException(description, error, entry.HttpStatus)).ConfigureAwait(false);
        }

        // 3. The event and the ticket: a new principal per request, from the cached claims.
        var principal = new ClaimsPrincipal(entry.CreateIdentity(Scheme.Name));
        AuthenticationProperties properties;
        if (Events.HandlesTokenValidated)
        {
            var validated = new GamBearerTokenValidatedContext(Context, Scheme, Options, principal, token, source);
            await Events.TokenValidated(validated).ConfigureAwait(false);
            if (validated.Result is not null)
            {
                if (validated.Result.Failure is not null)
                {
                    _failure = GamBearerFailureKind.InvalidToken;
                }

                return validated.Result;
            }

            principal = validated.Principal ?? principal;
            properties = validated.Properties;
            if (scheme.Options.SaveToken)
            {
                SaveToken(properties, validated.AccessToken);
            }
        }
        else
        {
            // Not avoidable when SaveToken is off: AuthenticationTicket creates empty properties itself when given none.
            properties = new AuthenticationProperties();
            if (scheme.Options.SaveToken)
            {
                SaveToken(properties, token.Value);
            }
        }

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            LogTokenValidated(Logger, Scheme.Name, hash, source);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(principal, properties, Scheme.Name));
    }

    /// <summary>
    /// The token of the request: the one <see cref="GamBearerEvents.OnMessageReceived"/> supplied, else the
    /// <c>Authorization</c> header's; <c>decided</c> is set when there is nothing to check (no token of ours, or the
    /// event decided), <c>problem</c> when the request is malformed.
    /// </summary>
    private async ValueTask<(AuthenticateResult? Decided, GamBearerToken Token, string? Problem)> ReadTokenAsync(GamBearerOptions options)
    {
        if (Events.HandlesMessageReceived)
        {
            var received = new GamBearerMessageReceivedContext(Context, Scheme, Options);
            await Events.MessageReceived(received).ConfigureAwait(false);
            if (received.Result is not null)
            {
                return (received.Result, default, null);
            }

            if (received.Token is { } supplied)
            {
                return (null, GamBearerToken.Whole(supplied), GamBearerTokenReader.Check(supplied, options));
            }
        }

        return GamBearerTokenReader.Read(Request.Headers.Authorization, options, out var token, out var problem) == GamBearerTokenReadStatus.None
            ? (AuthenticateResult.NoResult(), default, null)
            : (null, token, problem);
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var failure = result.Failure is null
            ? GamBearerFailureKind.None
            : _failure == GamBearerFailureKind.None ? GamBearerFailureKind.InvalidToken : _failure;

        var context = new GamBearerChallengeContext(Context, Scheme, Options, properties)
        {
            AuthenticateFailure = result.Failure,
            Failure = failure,
        };

        switch (failure)
        {
            case GamBearerFailureKind.InvalidRequest:
                context.Error = "invalid_request";
                context.ErrorDescription = Options.IncludeErrorDetails ? _failureDescription : null;
                break;
            case GamBearerFailureKind.InvalidToken:
                context.Error = "invalid_token";
                context.ErrorDescription = Options.IncludeErrorDetails ? _failureDescription : null;
                break;
            case GamBearerFailureKind.Unavailable:
                context.RetryAfter = _retryAfter ?? Options.UnavailableRetryAfter;
                break;
        }

        await Events.Challenge(context).ConfigureAwait(false);
        if (context.Handled)
        {
            return;
        }

        Response.Headers.CacheControl = "no-store";
        if (context.Failure == GamBearerFailureKind.Unavailable)
        {
            // Not an authentication failure: the client keeps its token and retries later.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            var seconds = Math.Max(0, Math.Ceiling((context.RetryAfter ?? Options.UnavailableRetryAfter).TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString("0", CultureInfo.InvariantCulture);
            return;
        }

        Response.StatusCode = context.Failure == GamBearerFailureKind.InvalidRequest ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, GamBearerChallenge.Header(Options.Realm ?? Scheme.Name, context.Error, context.ErrorDescription, context.ErrorUri));
    }

    /// <summary>
    /// RFC 6750 §3.1: 403 with <c>WWW-Authenticate: Bearer realm="...", error="insufficient_scope"</c> (and a
    /// description when <see cref="GamBearerOptions.IncludeErrorDetails"/>) and <c>Cache-Control: no-store</c>, unless
    /// <see cref="GamBearerEvents.OnForbidden"/> handled the response.
    /// </summary>
    /// <param name="properties">The properties of the forbid call.</param>
    /// <returns>A task.</returns>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var context = new GamBearerForbiddenContext(Context, Scheme, Options)
        {
            Error = "insufficient_scope",
            ErrorDescription = Options.IncludeErrorDetails ? "The access token does not grant what this resource requires." : null,
        };
        await Events.Forbidden(context).ConfigureAwait(false);
        if (context.Handled || Response.HasStarted)
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Append(HeaderNames.WWWAuthenticate, GamBearerChallenge.Header(Options.Realm ?? Scheme.Name, context.Error, context.ErrorDescription, context.ErrorUri));
    }

    /// <summary>
    /// What <c>StoreTokens([access_token])</c> writes (<c>.Token.access_token</c> and <c>.TokenNames</c>, read by
    /// <c>GetTokenAsync("access_token")</c>), without its per-request list, array and string concatenations.
    /// </summary>
    private static void SaveToken(AuthenticationProperties properties, string token)
    {
        properties.Items[TokenNamesKey] = AccessTokenName;
        properties.Items[AccessTokenKey] = token;
    }

    private async Task<AuthenticateResult> FailAsync(GamBearerFailureKind kind, string? description, Exception exception)
    {
        _failure = kind;
        _failureDescription = description;
        var failed = new GamBearerAuthenticationFailedContext(Context, Scheme, Options, exception, kind);
        await Events.AuthenticationFailed(failed).ConfigureAwait(false);
        return failed.Result ?? AuthenticateResult.Fail(exception);
    }

    [LoggerMessage(20, LogLevel.Information, "GAM bearer scheme {Scheme}: malformed request answered 400 invalid_request: {Problem}")]
    private static partial void LogMalformedRequest(ILogger logger, string scheme, string problem);

    [LoggerMessage(21, LogLevel.Debug, "GAM bearer scheme {Scheme}: token {TokenId} validated from {Source}")]
    private static partial void LogTokenValidated(ILogger logger, string scheme, GamTokenHash tokenId, GamBearerTokenSource source);
}
