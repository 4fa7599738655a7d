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
    private SpareWaits<bool> _spareAcquires;

    /// <summary>Creates an unlocked lock.</summary>
    public AsyncLock() => Core = new LockCore<bool>(this);

    /// <summary><see langword="true"/> while the lock is held.</summary>
    public bool Locked => Core.Locked;

    /// <summary>The flag and the line of waiters, shared with the conditions built on this lock.</summary>
    internal LockCore<bool> Core { get; }

    /// <summary>How many tasks wait to acquire it (cancelled ones included until they resume).</summary>
    internal int WaiterCount => Core.Waiters.Count;

    /// <summary>
    /// Acquires the lock: <c>yield return lk.Acquire();</c>. A free lock with no live waiter is taken at once and
    /// the task continues without suspending (as asyncio's <c>await lock.acquire()</c> does); otherwise the task
    /// waits its turn. Yield the result at once: calling it is what takes a free lock.
    /// </summary>
    /// <remarks>If the waiting task is cancelled, it raises <see cref="CancelledException"/> at the
    /// <c>yield return</c> without holding the lock.</remarks>
    public Yield Acquire()
    {
        if (Core.TryTake())
        {
            return Yield.Ready;
        }

        // Kept once finished for the next waiting acquires (tasks take turns on a lock; see SpareWaits).
        return (_spareAcquires.Take() ?? new AcquireOperation(this)).Reuse();
    }

    /// <summary>Releases the lock and wakes the first waiter.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release() => Core.Release();

    /// <summary>
    /// A releaser for a <c>using</c> block entered right after <c>yield return lk.Acquire();</c>: disposing it
    /// releases the lock once (see <see cref="AsyncReleaser"/>).
    /// </summary>
    public AsyncReleaser Releaser() => new(this);

    /// <inheritdoc/>
    public override string ToString() =>
        $"<AsyncLock [{(Locked ? "locked" : "unlocked")}{(WaiterCount > 0 ? $", waiters:{WaiterCount}" : string.Empty)}]>";

    /// <summary>The waiting acquire, as asyncio 3.11.7's <c>acquire()</c> after its fast path.</summary>
    private sealed class AcquireOperation : LockedWaitOperation<bool>
    {
        private readonly AsyncLock _owner;

        public AcquireOperation(AsyncLock owner)
            : base(owner.Core)
        {
            _owner = owner;
        }

        public override string Name => "AsyncLock.Acquire";

        // The operation runs when yielded, so it re-tests the lock as asyncio's acquire() does on entry.
        protected override bool Run(out bool result)
        {
            result = true;
            return !HoldsLock && AcquireOrPark();
        }

        // The task holds the lock now, through its own releaser: the operation is done with it.
        protected override void OnFinished()
        {
            ForgetHeldLock();
            _owner._spareAcquires.Keep(this);
        }
    }
}
