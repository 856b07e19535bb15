using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace GamAuthentication.Samples.Mvc.SignIn;

/// <summary>
/// Turns a failed sign-in callback into a friendly page instead of an exception: <c>OnRemoteFailure</c> of the GAM
/// scheme logs one line and redirects to <c>/signin-error</c>, which answers 4xx. Nothing of the callback's
/// query (code, state) goes into the log line or the redirect; only the failure's kind and GAM's error code do.
/// </summary>
public static partial class SignInFailures
{
    /// <summary>The page that explains the failure.</summary>
    public const string ErrorPath = "/signin-error";

    /// <summary>The <c>OnRemoteFailure</c> handler.</summary>
    public static Task HandleAsync(RemoteFailureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kind = Classify(context.Failure);
        var gamCode = GamCode(context.Failure);
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInFailures).FullName!);
        LogFailed(logger, kind, context.Failure?.Message ?? "no details");

        var target = QueryHelpers.AddQueryString(ErrorPath, "reason", Reason(kind));
        if (gamCode is not null)
        {
            target = QueryHelpers.AddQueryString(target, "gam", gamCode);
        }

        context.Response.Redirect(target);
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>Sorts a failure into a <see cref="SignInFailureKind"/>.</summary>
    public static SignInFailureKind Classify(Exception? failure) => failure switch
    {
        GamAuthenticationException => SignInFailureKind.GamRefused,
        { Data: var data } when data["error"] is "access_denied" => SignInFailureKind.Denied,
        { Data: var data } when data["error"] is string => SignInFailureKind.GamRefused,

        // The framework's words for a callback that does not match a sign-in of this browser.
        { Message: var message } when message.StartsWith("Correlation failed", StringComparison.Ordinal)
            || message.StartsWith("The oauth state was missing or invalid", StringComparison.Ordinal)
            || message.StartsWith("Code was not found", StringComparison.Ordinal) => SignInFailureKind.InvalidCallback,
        _ => SignInFailureKind.Failed,
    };

    /// <summary>The name of a kind in the error page's URL.</summary>
    public static string Reason(SignInFailureKind kind) => kind switch
    {
        SignInFailureKind.InvalidCallback => "invalid-callback",
        SignInFailureKind.Denied => "denied",
        SignInFailureKind.GamRefused => "gam-refused",
        _ => "failed",
    };

    /// <summary>The kind named by <paramref name="reason"/>; unknown names are <see cref="SignInFailureKind.Failed"/>.</summary>
    public static SignInFailureKind FromReason(string? reason) => reason switch
    {
        "invalid-callback" => SignInFailureKind.InvalidCallback,
        "denied" => SignInFailureKind.Denied,
        "gam-refused" => SignInFailureKind.GamRefused,
        _ => SignInFailureKind.Failed,
    };

    /// <summary>GAM's numeric error code when the failure carries one (codes are digits; anything else is dropped).</summary>
    public static string? GamCode(Exception? failure)
    {
        var code = failure is GamAuthenticationException gam ? gam.ErrorCode : null;
        return IsGamCode(code) ? code : null;
    }

    /// <summary>True for a short string of digits, the shape of GAM's error codes.</summary>
    public static bool IsGamCode(string? code) => code is { Length: > 0 and <= 6 } && code.All(char.IsAsciiDigit);

    // The failure names GAM's error code when GAM sent one: no "code none" for the failures where it did not.
    [LoggerMessage(1, LogLevel.Warning, "Sign-in with GAM failed ({Kind}); the visitor sees the sign-in error page. {Failure}")]
    private static partial void LogFailed(ILogger logger, SignInFailureKind kind, string failure);
}
