namespace GamAuthentication.Emulator.Tests;

/// <summary>A clock that only moves when a test advances it.</summary>
internal sealed class TestClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
