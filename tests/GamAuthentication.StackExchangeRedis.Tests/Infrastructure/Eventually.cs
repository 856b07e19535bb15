using System.Diagnostics;

namespace GamAuthentication.StackExchangeRedis.Tests.Infrastructure;

/// <summary>Polls for an effect that travels asynchronously (pub/sub, a reconnect), with a generous deadline: no timing assertion.</summary>
internal static class Eventually
{
    /// <summary>How long <paramref name="condition"/> took to hold; fails when it did not within <paramref name="deadline"/>.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < deadline, $"{what} did not happen within {deadline.TotalSeconds} s");
            await Task.Delay(5);
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
