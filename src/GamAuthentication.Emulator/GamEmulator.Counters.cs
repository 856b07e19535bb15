namespace GamAuthentication.Emulator;

// The call counters of the route families.
public sealed partial class GamEmulator
{
    private readonly long[] _counters = new long[Enum.GetValues<GamEmulatorEndpoint>().Length];

    /// <summary>How many HTTP requests reached the routes of <paramref name="endpoint"/> since start or <see cref="ResetCounters"/>.</summary>
    /// <param name="endpoint">The route family.</param>
    /// <returns>The count.</returns>
    public long GetCallCount(GamEmulatorEndpoint endpoint) => Interlocked.Read(ref _counters[(int)endpoint]);

    /// <summary>Sets every call counter to zero.</summary>
    public void ResetCounters()
    {
        for (var i = 0; i < _counters.Length; i++)
        {
            Interlocked.Exchange(ref _counters[i], 0);
        }
    }

    internal void Count(GamEmulatorEndpoint endpoint) => Interlocked.Increment(ref _counters[(int)endpoint]);
}
