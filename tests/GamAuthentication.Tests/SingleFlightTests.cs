using GamAuthentication.Internal;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Tests;

/// <summary>
/// The one single-flight helper behind the bearer handler's userinfo calls, user-token refreshes and service
/// tokens: one call per key, detached from every caller's cancellation and ExecutionContext, removed when it ends,
/// an optional memo, and a cancelled waiter that only stops waiting.
/// </summary>
public sealed class SingleFlightTests
{
    private static readonly AsyncLocal<string?> CallerContext = new();

    [Fact]
    public async Task Callers_of_one_key_share_one_call()
    {
        var flight = new GamSingleFlight<string, int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Task<int> Work(string key, int state)
        {
            Interlocked.Increment(ref calls);
            return gate.Task.ContinueWith(_ => state, TaskScheduler.Default);
        }

        var joins = 0;
        var tasks = Enumerable.Range(0, 50).Select(i =>
        {
            var task = flight.RunAsync("k", 7, Work, CancellationToken.None, out var joined);
            if (joined)
            {
                Interlocked.Increment(ref joins);
            }

            return task;
        }).ToList();
        gate.SetResult();

        Assert.All(await Task.WhenAll(tasks), r => Assert.Equal(7, r));
        Assert.Equal(1, calls);
        Assert.Equal(49, joins);
    }

    [Fact]
    public async Task Different_keys_run_separately()
    {
        var flight = new GamSingleFlight<string, string>();

        var a = await flight.RunAsync("a", 0, (k, _) => Task.FromResult(k + "!"), CancellationToken.None, out _);
        var b = await flight.RunAsync("b", 0, (k, _) => Task.FromResult(k + "!"), CancellationToken.None, out _);

        Assert.Equal("a!", a);
        Assert.Equal("b!", b);
    }

    [Fact]
    public async Task The_shared_call_does_not_see_the_first_callers_ExecutionContext()
    {
        var flight = new GamSingleFlight<string, string?>();
        CallerContext.Value = "request 1";

        var seen = await flight.RunAsync("k", 0, (_, _) => Task.FromResult<string?>(CallerContext.Value), CancellationToken.None, out _);

        Assert.Null(seen);
        Assert.Equal("request 1", CallerContext.Value);
    }

    [Fact]
    public async Task A_cancelled_waiter_stops_waiting_and_the_others_get_the_result()
    {
        var flight = new GamSingleFlight<string, int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var first = new CancellationTokenSource();

        var cancelled = flight.RunAsync("k", 0, (_, _) => gate.Task, first.Token, out _);
        var other = flight.RunAsync("k", 0, (_, _) => throw new InvalidOperationException("a second call must not start"), CancellationToken.None, out var joined);
        await first.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(other.IsCompleted);
        gate.SetResult(42);
        Assert.Equal(42, await other);
        Assert.True(joined);
    }

    [Fact]
    public async Task The_key_is_removed_when_the_call_ends_so_the_next_caller_starts_a_new_one()
    {
        var flight = new GamSingleFlight<string, int>();
        var calls = 0;

        await flight.RunAsync("k", 0, (_, _) => Task.FromResult(Interlocked.Increment(ref calls)), CancellationToken.None, out _);
        Assert.Equal(0, flight.RunningCount);
        var second = await flight.RunAsync("k", 0, (_, _) => Task.FromResult(Interlocked.Increment(ref calls)), CancellationToken.None, out var joined);

        Assert.Equal(2, second);
        Assert.False(joined);
    }

    [Fact]
    public async Task A_failed_call_reaches_its_waiters_and_is_removed()
    {
        var flight = new GamSingleFlight<string, int>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => flight.RunAsync("k", 0, (_, _) => Task.FromException<int>(new InvalidOperationException("boom")), CancellationToken.None, out _));
        Assert.Equal(0, flight.RunningCount);
        var next = await flight.RunAsync("k", 0, (_, _) => Task.FromResult(5), CancellationToken.None, out _);

        Assert.Equal(5, next);
    }

    [Fact]
    public async Task A_remembered_result_is_handed_out_for_the_memo_and_then_forgotten()
    {
        var clock = new FakeTimeProvider();
        var flight = new GamSingleFlight<string, int>(memo: TimeSpan.FromSeconds(10), time: clock);
        var calls = 0;
        Task<int> Work(string key, int state) => Task.FromResult(Interlocked.Increment(ref calls));

        var first = await flight.RunAsync("k", 0, Work, CancellationToken.None, out _);
        clock.Advance(TimeSpan.FromSeconds(9));
        var recalled = await flight.RunAsync("k", 0, Work, CancellationToken.None, out var joined);
        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await flight.RunAsync("k", 0, Work, CancellationToken.None, out _);

        Assert.Equal(1, first);
        Assert.Equal(1, recalled);
        Assert.True(joined);
        Assert.Equal(2, fresh);
    }

    [Fact]
    public async Task Results_the_memo_does_not_want_are_not_remembered()
    {
        var flight = new GamSingleFlight<string, int>(memo: TimeSpan.FromMinutes(1), remember: r => r > 0, time: new FakeTimeProvider());
        var answers = new Queue<int>([-1, 3, 4]);
        Task<int> Work(string key, int state) => Task.FromResult(answers.Dequeue());

        var unavailable = await flight.RunAsync("k", 0, Work, CancellationToken.None, out _);
        Assert.Equal(0, flight.RunningCount);
        var good = await flight.RunAsync("k", 0, Work, CancellationToken.None, out _);
        Assert.Equal(0, flight.RunningCount);
        var recalled = await flight.RunAsync("k", 0, Work, CancellationToken.None, out _);

        Assert.Equal(-1, unavailable);
        Assert.Equal(3, good);
        Assert.Equal(3, recalled);
    }
}
