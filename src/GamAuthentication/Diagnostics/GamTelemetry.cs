using System.Diagnostics;
using System.Diagnostics.Metrics;
using GamAuthentication.Protocol;
using GamAuthentication.Tokens;

namespace GamAuthentication.Diagnostics;

/// <summary>
/// The library's activity source and the instruments of the sign-in and token code (the bearer handler's are
/// <see cref="Bearer.GamBearerInstruments"/>). Static, because a <see cref="GamTokenClient"/> can live outside any
/// service provider; listeners find them by name as they find the bearer's meter.
/// </summary>
internal static class GamTelemetry
{
    private static readonly Meter Meter = new(GamMetrics.MeterName, GamBackchannel.LibraryVersion);

    public static ActivitySource Source { get; } = new(GamMetrics.ActivitySourceName, GamBackchannel.LibraryVersion);

    public static Counter<long> SignIns { get; } = Meter.CreateCounter<long>(GamMetrics.SignIns, "{sign-in}", "Sign-ins that reached the code exchange.");

    public static Counter<long> Refreshes { get; } = Meter.CreateCounter<long>(GamMetrics.Refreshes, "{refresh}", "Refreshes of signed-in users' tokens.");

    public static Counter<long> TokenRequests { get; } = Meter.CreateCounter<long>(GamMetrics.TokenRequests, "{request}", "Requests to a GAM token endpoint by a token client.");

    /// <summary>Starts a span (null when nobody listens), tagged with the scheme when there is one.</summary>
    public static Activity? Start(string name, string? scheme)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null && scheme is not null)
        {
            activity.SetTag(GamMetrics.SchemeTag, scheme);
        }

        return activity;
    }

    /// <summary>Tags the outcome; anything but a success (or a request for a second factor) is an error whose description is <paramref name="reason"/>.</summary>
    /// <param name="activity">The span, or null.</param>
    /// <param name="outcome">The outcome tag's value.</param>
    /// <param name="reason">A description safe to log (never a token or secret).</param>
    public static void Finish(Activity? activity, string outcome, string? reason = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(GamMetrics.OutcomeTag, outcome);
        if (outcome is not (Success or "second_factor_required"))
        {
            activity.SetStatus(ActivityStatusCode.Error, reason ?? outcome);
        }
    }

    /// <summary>Adds one to <paramref name="counter"/> for <paramref name="scheme"/> and <paramref name="outcome"/>.</summary>
    public static void Count(Counter<long> counter, string scheme, string outcome) =>
        counter.Add(1, new KeyValuePair<string, object?>(GamMetrics.SchemeTag, scheme), new KeyValuePair<string, object?>(GamMetrics.OutcomeTag, outcome));

    public const string Success = "success";

    public static string Outcome(GamTokenResultStatus status) => status switch
    {
        GamTokenResultStatus.Success => Success,
        GamTokenResultStatus.SecondFactorRequired => "second_factor_required",
        GamTokenResultStatus.Refused => "refused",
        _ => "unavailable",
    };

    public static string Outcome(GamUserInfoStatus status) => status switch
    {
        GamUserInfoStatus.Success => Success,
        GamUserInfoStatus.Rejected => "rejected",
        GamUserInfoStatus.Misconfigured => "misconfigured",
        _ => "unavailable",
    };
}
