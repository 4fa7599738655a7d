using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A condition variable for coroutines on one loop (asyncio's <c>Condition</c>), built on an <see cref="AsyncLock"/>.
/// <code>
/// yield return cond.Acquire();
/// using (cond.Releaser())
/// {
///     yield return cond.WaitFor(() => queue.Count > 0);
///     ...
/// }
/// </code>
/// </summary>
/// <remarks>
/// <para>Waiters are notified in FIFO order. A notified waiter lines up for the lock behind the tasks already
/// waiting for it and resumes holding it, so a notification is never lost to a task that acquires in between.</para>
/// <para>Cancellation: a task cancelled in <see cref="Wait"/> still re-acquires the lock before
/// <see cref="CancelledException"/> is raised at its <c>yield return</c>, so the enclosing <c>using</c> releases a
/// lock it holds (asyncio's contract). A waiter cancelled before it was notified leaves the queue and does not
/// consume a notification meant for another waiter.</para>
/// <para>Difference from asyncio: asyncio wakes a notified waiter at once and lets it re-acquire when it runs;
/// here it is woken when the lock is granted to it. With the usual <c>notify</c>-then-release pattern both resume
/// in the same loop iteration; they differ only in how several notified waiters interleave with other tasks.</para>
/// </remarks>
public sealed class AsyncCondition
{
    private readonly AsyncLock _lock;
    private readonly ConditionCore<bool> _core;
    private SpareWaits<bool> _spareWaits;

    /// <summary>Creates a condition on a new lock, or on <paramref name="lock"/> to share one.</summary>
    /// <param name="lock">The underlying lock; <see langword="null"/> for a fresh one.</param>
    public AsyncCondition(AsyncLock? @lock = null)
    {
        _lock = @lock ?? new AsyncLock();
        _core = new ConditionCore<bool>(this, _lock.Core);
    }

    /// <summary><see langword="true"/> while the underlying lock is held.</summary>
    public bool Locked => _lock.Locked;

    /// <summary>How many tasks wait for a notification.</summary>
    internal int WaiterCount => _core.Waiters.Count;

    /// <summary>Acquires the underlying lock (see <see cref="AsyncLock.Acquire"/>).</summary>
    public Yield Acquire() => _lock.Acquire();

    /// <summary>Releases the underlying lock.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release() => _lock.Release();

    /// <summary>A releaser for the underlying lock, for a <c>using</c> block after <c>yield return cond.Acquire();</c>.</summary>
    public AsyncReleaser Releaser() => _lock.Releaser();

    /// <summary>
    /// Releases the lock, waits until notified, then re-acquires the lock: <c>yield return cond.Wait();</c>.
    /// The task resumes holding the lock, also when it was cancelled (then it raises
    /// <see cref="CancelledException"/> at the <c>yield return</c>). Yield the result at once: the call itself
    /// releases the lock.
    /// </summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public Yield Wait()
    {
        // Kept once finished for the next waits (waiters loop on a condition; see SpareWaits).
        var wait = (NotificationWait)(_spareWaits.Take() ?? new NotificationWait(this));
        Yield use = wait.Reuse();
        wait.ReleaseAndLineUp();
        return use;
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> is true, testing it first and after every notification, with the
    /// lock held (asyncio's <c>wait_for</c>). Yield it; its <see cref="Coroutine{T}.Result"/> is the last predicate value.
    /// </summary>
    /// <param name="predicate">Tested with the lock held.</param>
    public Coroutine<bool> WaitFor(Func<bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new PredicateWait(_core, predicate);
    }

    /// <summary>Wakes up to <paramref name="n"/> waiters, oldest first. They resume once they re-acquire the lock,
    /// so the caller should release it.</summary>
    /// <param name="n">How many waiters to wake.</param>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Notify(int n = 1) => _core.Notify(n);

    /// <summary>Wakes every waiter (see <see cref="Notify(int)"/>).</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void NotifyAll() => _core.NotifyAll();

    /// <inheritdoc/>
    public override string ToString() =>
        $"<AsyncCondition [{(Locked ? "locked" : "unlocked")}{(WaiterCount > 0 ? $", waiters:{WaiterCount}" : string.Empty)}]>";

    /// <summary>asyncio's <c>Condition.wait()</c>: released the lock and lined up when called; resumes holding it.</summary>
    private sealed class NotificationWait : LockedWaitOperation<bool>
    {
        private readonly AsyncCondition _owner;

        public NotificationWait(AsyncCondition owner)
            : base(owner._core.Lock, owner._core)
        {
            _owner = owner;
        }

        public override string Name => "AsyncCondition.Wait";

        public void ReleaseAndLineUp() => ParkUntilNotified();

        // Runs once the lock is held again (the first run only parks: see LockedWaitOperation.Step).
        protected override bool Run(out bool result)
        {
            result = true;
            return false;
        }

        // The task holds the lock again, through its own releaser: the operation is done with it.
        protected override void OnFinished()
        {
            ForgetHeldLock();
            _owner._spareWaits.Keep(this);
        }
    }

    /// <summary>asyncio's <c>Condition.wait_for(predicate)</c>: waits on notifications until the predicate holds.</summary>
    private sealed class PredicateWait : LockedWaitOperation<bool>
    {
        private readonly Func<bool> _predicate;

        public PredicateWait(ConditionCore<bool> condition, Func<bool> predicate)
            : base(condition.Lock, condition) => _predicate = predicate;

        public override string Name => "AsyncCondition.WaitFor";

        // First run with the caller holding the lock, then after each notification with the lock re-acquired.
        protected override bool Run(out bool result)
        {
            result = _predicate();
            if (result)
            {
                return false;
            }

            ParkUntilNotified();
            return true;
        }
    }
}
