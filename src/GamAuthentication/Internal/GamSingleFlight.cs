using System.Collections.Concurrent;

namespace GamAuthentication.Internal;

/// <summary>
/// One call per key at a time: callers that ask for a key while its call runs share that call's result. The
/// shared call is detached from every caller: it runs on the thread pool without the first caller's
/// <see cref="ExecutionContext"/> (no <c>HttpContext</c> accessor, <c>Activity</c>, culture or log scope of one
/// request leaks into a call many requests share) and without any caller's cancellation; a caller whose token is
/// cancelled only stops waiting. The key is removed when the call ends, whatever its outcome, before its waiters resume. Optionally, a result
/// that <c>remember</c> accepts is kept for a short memo, so callers arriving just after the call get it too.
/// </summary>
/// <typeparam name="TKey">The key (a token hash, a refresh-token hash, a client name).</typeparam>
/// <typeparam name="TResult">The shared result.</typeparam>
internal sealed class GamSingleFlight<TKey, TResult>
    where TKey : notnull
{
    private const int SweepThreshold = 256;
    private readonly ConcurrentDictionary<TKey, Task<TResult>> _running;
    private readonly Dictionary<TKey, (TResult Result, DateTimeOffset Until)> _memo;
    private readonly TimeSpan _memoLifetime;
    private readonly Func<TResult, bool>? _remember;
    private readonly TimeProvider _time;

    /// <summary>Creates the helper.</summary>
    /// <param name="comparer">Compares keys; default: <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <param name="memo">How long a remembered result is handed to later callers; zero: no memo.</param>
    /// <param name="remember">Which results the memo keeps (e.g. not "unavailable"); null: all.</param>
    /// <param name="time">The memo's clock.</param>
    public GamSingleFlight(IEqualityComparer<TKey>? comparer = null, TimeSpan memo = default, Func<TResult, bool>? remember = null, TimeProvider? time = null)
    {
        _running = new ConcurrentDictionary<TKey, Task<TResult>>(comparer);
        _memo = new Dictionary<TKey, (TResult, DateTimeOffset)>(comparer);
        _memoLifetime = memo;
        _remember = remember;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many calls run now (for tests).</summary>
    internal int RunningCount => _running.Count;

    /// <summary>
    /// The result of the call for <paramref name="key"/>: the memo's, the running call's, or a new call of
    /// <paramref name="work"/>. <paramref name="joined"/> says whether this caller joined a call it did not start.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="waiter"/> was cancelled (the shared call goes on).</exception>
    public Task<TResult> RunAsync<TState>(TKey key, TState state, Func<TKey, TState, Task<TResult>> work, CancellationToken waiter, out bool joined)
    {
        joined = false;
        if (_memoLifetime > TimeSpan.Zero && TryRecall(key, out var recalled))
        {
            joined = true;
            return Task.FromResult(recalled);
        }

        if (!_running.TryGetValue(key, out var running))
        {
            var call = new Call<TState>(this, key, state, work);
            running = _running.GetOrAdd(key, call.Completion.Task);
            if (ReferenceEquals(running, call.Completion.Task))
            {
                ThreadPool.UnsafeQueueUserWorkItem(static c => _ = c.RunAsync(), call, preferLocal: false);
                return Wait(running, waiter);
            }
        }

        joined = true;
        return Wait(running, waiter);
    }

    private static Task<TResult> Wait(Task<TResult> task, CancellationToken waiter) =>
        waiter.CanBeCanceled && !task.IsCompleted ? task.WaitAsync(waiter) : task;

    private bool TryRecall(TKey key, out TResult result)
    {
        lock (_memo)
        {
            if (_memo.TryGetValue(key, out var entry))
            {
                if (entry.Until > _time.GetUtcNow())
                {
                    result = entry.Result;
                    return true;
                }

                _memo.Remove(key);
            }
        }

        result = default!;
        return false;
    }

    private void Remember(TKey key, TResult result)
    {
        if (_memoLifetime <= TimeSpan.Zero || (_remember is not null && !_remember(result)))
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_memo)
        {
            if (_memo.Count >= SweepThreshold)
            {
                foreach (var stale in _memo.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
                {
                    _memo.Remove(stale);
                }
            }

            _memo[key] = (result, now + _memoLifetime);
        }
    }

    private sealed class Call<TState>(GamSingleFlight<TKey, TResult> owner, TKey key, TState state, Func<TKey, TState, Task<TResult>> work)
    {
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync()
        {
            // The key is removed before the waiters are released, so whoever sees the result and asks again starts a
            // new call (or gets the memo, which is set first).
            TResult result;
            try
            {
                result = await work(key, state).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Remove();
                Completion.TrySetException(ex);
                return;
            }

            owner.Remember(key, result);
            Remove();
            Completion.TrySetResult(result);
        }

        private void Remove() => owner._running.TryRemove(new KeyValuePair<TKey, Task<TResult>>(key, Completion.Task));
    }
}
