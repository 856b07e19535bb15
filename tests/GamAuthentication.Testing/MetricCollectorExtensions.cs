using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GamAuthentication.Testing;

/// <summary>Totals of a counter's measurements collected by a <see cref="MetricCollector{T}"/>.</summary>
public static class MetricCollectorExtensions
{
    /// <summary>The sum of every measurement collected so far.</summary>
    /// <param name="counter">The counter's collector.</param>
    /// <returns>The total (0 when nothing was measured).</returns>
    public static long Total(this MetricCollector<long> counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return counter.GetMeasurementSnapshot().EvaluateAsCounter();
    }

    /// <summary>The sum of the measurements collected so far that carry the tag <paramref name="tag"/> = <paramref name="value"/>.</summary>
    /// <param name="counter">The counter's collector.</param>
    /// <param name="tag">The tag's name.</param>
    /// <param name="value">The tag's value.</param>
    /// <returns>The total (0 when no measurement carries the tag).</returns>
    public static long Total(this MetricCollector<long> counter, string tag, object? value)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return counter.GetMeasurementSnapshot().ContainsTags(new KeyValuePair<string, object?>(tag, value)).EvaluateAsCounter();
    }
}
