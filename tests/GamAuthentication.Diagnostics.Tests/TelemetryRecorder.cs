using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GamAuthentication.Diagnostics.Tests;

/// <summary>Collects the spans of the GamAuthentication activity source and the library's counters while a test runs.</summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public TelemetryRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GamMetrics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        SignIns = new MetricCollector<long>(null, GamMetrics.MeterName, GamMetrics.SignIns);
        Refreshes = new MetricCollector<long>(null, GamMetrics.MeterName, GamMetrics.Refreshes);
        TokenRequests = new MetricCollector<long>(null, GamMetrics.MeterName, GamMetrics.TokenRequests);
    }

    public MetricCollector<long> SignIns { get; }

    public MetricCollector<long> Refreshes { get; }

    public MetricCollector<long> TokenRequests { get; }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>The one finished span named <paramref name="name"/>.</summary>
    public Activity Single(string name) => Assert.Single(_spans, s => s.OperationName == name);

    public IReadOnlyList<Activity> All(string name) => _spans.Where(s => s.OperationName == name).ToArray();

    /// <summary>Fails when any tag of any span, or any status description, contains one of <paramref name="secrets"/>.</summary>
    public void AssertNoTagContains(params string?[] secrets)
    {
        Assert.NotEmpty(_spans);
        foreach (var span in _spans)
        {
            foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
            {
                foreach (var tag in span.TagObjects)
                {
                    Assert.DoesNotContain(secret!, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal);
                }

                Assert.DoesNotContain(secret!, span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
                Assert.DoesNotContain(secret!, span.DisplayName, StringComparison.Ordinal);
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        SignIns.Dispose();
        Refreshes.Dispose();
        TokenRequests.Dispose();
    }
}

internal static class SpanAssert
{
    /// <summary>The span's scheme and outcome tags, and its status: an error unless the outcome is a success (or <paramref name="error"/> says otherwise).</summary>
    public static void Outcome(Activity span, string scheme, string outcome, bool? error = null)
    {
        Assert.Equal(scheme, span.GetTagItem(GamMetrics.SchemeTag));
        Assert.Equal(outcome, span.GetTagItem(GamMetrics.OutcomeTag));
        var isError = error ?? outcome is not ("success" or "second_factor_required");
        Assert.Equal(isError ? ActivityStatusCode.Error : ActivityStatusCode.Unset, span.Status);
    }
}
