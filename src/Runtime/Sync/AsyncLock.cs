using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A mutual-exclusion lock for coroutines on one loop (asyncio's <c>Lock</c>): not owned by a task, not
/// re-entrant, not thread-safe. Waiters are woken in FIFO order.
/// <code>
/// yield return lk.Acquire();
/// using (lk.Releaser())
/// {
///     ...                        // suspension points allowed here
/// }
/// </code>
/// </summary>
/// <remarks>
/// <para>Invariants (asyncio's <c>locks.py</c>): <see cref="Locked"/> is set by the acquirer, not handed over by
/// <see cref="Release"/>: a release clears it and wakes the first waiter, which takes the lock when it resumes.
/// A newcomer cannot barge in meanwhile, because it only takes a free lock when every queued waiter was cancelled.
/// The one hand-over is to an <see cref="AsyncCondition"/> waiter re-acquiring after a wait: it takes the lock the
/// moment it is granted, so it can resume holding it even if it was cancelled.</para>
/// <para>Cancellation: a waiter cancelled while queued leaves the queue without a trace. A waiter that was
/// already woken when its cancellation arrived passes the wake-up on to the next waiter, so no release is lost.</para>
/// </remarks>
public sealed class AsyncLock : IReleasable
{
    // Plain acquirers wait on Future<bool>; conditions re-acquiring after a wait queue a ConditionWaiter.
    private readonly WaiterQueue<Future> _waiters = new();
    private LoopBinding _binding;
    private bool _locked;

    /// <summary><see langword="true"/> while the lock is held.</summary>
    public bool Locked => _locked;

    /// <summary>How many tasks wait to acquire it (cancelled ones included until they resume).</summary>
    internal int WaiterCount => _waiters.Count;

    /// <summary>
    /// Acquires the lock: <c>yield return lk.Acquire();</c>. A free lock with no live waiter is taken at once and
    /// the task continues without suspending (as asyncio's <c>await lock.acquire()</c> does); otherwise the task
    /// waits its turn. Yield the result at once: calling it is what takes a free lock.
    /// </summary>
    /// <remarks>If the waiting task is cancelled, it raises <see cref="CancelledException"/> at the
    /// <c>yield return</c> without holding the lock.</remarks>
    public Yield Acquire()
    {
        if (TryTake())
        {
            return Yield.Ready;
        }

        return new SyncOperation("AsyncLock.Acquire", AcquireSlow());
    }

    /// <summary>Releases the lock and wakes the first waiter.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release()
    {
        if (!_locked)
        {
            throw new InvalidOperationException("Lock is not acquired.");
        }

        _locked = false;
        WakeUpFirst();
    }

    /// <summary>
    /// A releaser for a <c>using</c> block entered right after <c>yield return lk.Acquire();</c>: disposing it
    /// releases the lock once (see <see cref="AsyncReleaser"/>).
    /// </summary>
    public AsyncReleaser Releaser() => new(this);

    /// <inheritdoc/>
    public override string ToString() =>
        $"<AsyncLock [{(_locked ? "locked" : "unlocked")}{(_waiters.Count > 0 ? $", waiters:{_waiters.Count}" : string.Empty)}]>";

    internal EventLoop GetLoop() => _binding.Get(this);

    /// <summary>asyncio's fast path: free, and nobody but cancelled futures in line.</summary>
    internal bool TryTake()
    {
        if (!_locked && _waiters.AllCancelled())
        {
            _locked = true;
            return true;
        }

        return false;
    }

    /// <summary>Queues a condition waiter to take the lock when its turn comes.</summary>
    internal LinkedListNode<Future> EnqueueConditionWaiter(ConditionWaiter waiter) => _waiters.Enqueue(waiter);

    internal void RemoveWaiter(LinkedListNode<Future> node) => _waiters.Remove(node);

    /// <summary>Takes the lock for a condition waiter the lock just granted it to.</summary>
    internal void TakeFor(LinkedListNode<Future> node)
    {
        _waiters.Remove(node);
        _locked = true;
    }

    private IEnumerable<Yield> AcquireSlow()
    {
        // The coroutine runs when yielded; re-test as asyncio's acquire() does on entry.
        if (TryTake())
        {
            yield break;
        }

        var future = new Future<bool>(GetLoop());
        LinkedListNode<Future> node = _waiters.Enqueue(future);
        bool woken = false;
        try
        {
            yield return future;
            woken = true;
        }
        finally
        {
            _waiters.Remove(node);

            // Cancelled (queued, or after being woken): if the lock is still free, the next waiter gets the wake-up.
            if (!woken && !_locked)
            {
                WakeUpFirst();
            }
        }

        _locked = true;
    }

    /// <summary>
    /// Wakes the first waiter unless it is done: a done one will wake up later and either take the lock or, if it
    /// was cancelled, call this again (asyncio's <c>_wake_up_first</c>).
    /// </summary>
    private void WakeUpFirst()
    {
        Future? first = _waiters.First;
        if (first is null || first.Done)
        {
            return;
        }

        if (first is ConditionWaiter conditionWaiter)
        {
            conditionWaiter.GrantLock();
        }
        else
        {
            ((Future<bool>)first).SetResult(true);
        }
    }
}
