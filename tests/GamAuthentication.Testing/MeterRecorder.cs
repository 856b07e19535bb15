using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace GamAuthentication.Testing;

/// <summary>
/// Records the measurements of the meters created by one <see cref="IMeterFactory"/> (one test host), so
/// parallel tests never see each other's numbers. Tests can wait for a counter to reach a value.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<(string Instrument, double Target, TaskCompletionSource Reached)> _waits = [];

    public MeterRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of an instrument's measurements (for histograms: the sum of the recorded values).</summary>
    public double Total(string instrument) => _totals.TryGetValue(instrument, out var total) ? total : 0;

    /// <summary>The sum of an instrument's measurements that carry the tag <paramref name="tag"/>=<paramref name="value"/>.</summary>
    public double Total(string instrument, string tag, string value) => Total(instrument + "|" + tag + "=" + value);

    /// <summary>How many measurements an instrument recorded.</summary>
    public int Count(string instrument) => _counts.TryGetValue(instrument, out var count) ? count : 0;

    /// <summary>Completes when the instrument's total reaches <paramref name="target"/>.</summary>
    public Task WhenTotalReaches(string instrument, double target)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            _waits.Add((instrument, target, reached));
        }

        CheckWaits();
        return reached.Task;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _totals.AddOrUpdate(instrument, value, (_, old) => old + value);
        _counts.AddOrUpdate(instrument, 1, (_, old) => old + 1);
        foreach (var tag in tags)
        {
            _totals.AddOrUpdate(instrument + "|" + tag.Key + "=" + tag.Value, value, (_, old) => old + value);
        }

        CheckWaits();
    }

    private void CheckWaits()
    {
        lock (_waits)
        {
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (Total(_waits[i].Instrument) >= _waits[i].Target)
                {
                    _waits[i].Reached.TrySetResult();
                    _waits.RemoveAt(i);
                }
            }
        }
    }
}
