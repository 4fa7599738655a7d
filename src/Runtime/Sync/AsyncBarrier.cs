using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A barrier for a fixed number of coroutines (asyncio's <c>Barrier</c>): each calls <see cref="Wait"/>, and all are
/// released together once <see cref="Parties"/> of them are waiting. The barrier then drains and refills, so it can
/// be reused cycle after cycle.
/// <code>
/// var arrival = barrier.Wait();
/// yield return arrival;
/// int index = arrival.Result;   // 0 .. Parties-1, unique within a cycle
/// </code>
/// </summary>
/// <remarks>
/// <para>Built on a condition and its lock exactly as asyncio builds it; states: filling (tasks arriving),
/// draining (released tasks leaving), resetting (after <see cref="Reset"/> while tasks waited), broken (after
/// <see cref="Abort"/>). Tasks arriving while it drains or resets wait for the next cycle.</para>
/// <para>Cancellation: a cancelled waiter takes its arrival back, so the cycle still needs <see cref="Parties"/>
/// live arrivals. As in asyncio, the index is the arrival count at entry, so after such a cancellation two tasks of
/// one cycle can get the same index.</para>
/// </remarks>
public sealed class AsyncBarrier
{
    // A private lock and condition, as asyncio's Barrier keeps; int-typed so that a wait is one operation in their lines.
    private readonly LockCore<int> _lock;
    private readonly ConditionCore<int> _condition;
    private BarrierState _state = BarrierState.Filling;
    private int _count;

    /// <summary>Creates a barrier for <paramref name="parties"/> tasks.</summary>
    /// <param name="parties">How many tasks must wait to trip it, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parties"/> is less than 1.</exception>
    public AsyncBarrier(int parties)
    {
        if (parties < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parties), parties, "parties must be > 0.");
        }

        Parties = parties;
        _lock = new LockCore<int>(this);
        _condition = new ConditionCore<int>(this, _lock);
    }

    private enum BarrierState : byte
    {
        Filling,
        Draining,
        Resetting,
        Broken,
    }

    /// <summary>How many tasks must wait to trip the barrier.</summary>
    public int Parties { get; }

    /// <summary>How many tasks wait in the current filling cycle (0 while draining, resetting or broken).</summary>
    public int NWaiting => _state == BarrierState.Filling ? _count : 0;

    /// <summary><see langword="true"/> after <see cref="Abort"/>.</summary>
    public bool Broken => _state == BarrierState.Broken;

    /// <summary>
    /// Waits until <see cref="Parties"/> tasks wait, then resumes them all. Yield it; its
    /// <see cref="Coroutine{T}.Result"/> is this task's arrival index, from 0 to <see cref="Parties"/> - 1.
    /// </summary>
    /// <remarks>Raises <see cref="BrokenBarrierException"/> (at the <c>yield return</c>) when the barrier is broken
    /// on entry or is aborted or reset while the task waits.</remarks>
    public Coroutine<int> Wait() => new ArrivalOperation(this);

    /// <summary>
    /// Returns the barrier to its empty filling state: <c>yield return barrier.Reset();</c>. Tasks waiting in the
    /// current cycle raise <see cref="BrokenBarrierException"/>; it refills once they have left.
    /// </summary>
    public Yield Reset() => new StateChangeOperation(this, abort: false);

    /// <summary>
    /// Breaks the barrier: <c>yield return barrier.Abort();</c>. Waiting tasks and every later <see cref="Wait"/>
    /// raise <see cref="BrokenBarrierException"/> (until <see cref="Reset"/>).
    /// </summary>
    public Yield Abort() => new StateChangeOperation(this, abort: true);

    /// <inheritdoc/>
    public override string ToString()
    {
        string state = _state.ToString().ToLowerInvariant();
        return Broken ? $"<AsyncBarrier [{state}]>" : $"<AsyncBarrier [{state}, waiters:{NWaiting}/{Parties}]>";
    }

    /// <summary>The last task out of a draining or resetting barrier refills it.</summary>
    private void Exit()
    {
        if (_count == 0)
        {
            if (_state is BarrierState.Resetting or BarrierState.Draining)
            {
                _state = BarrierState.Filling;
            }

            _condition.NotifyAll();
        }
    }

    /// <summary>
    /// asyncio's <c>wait()</c>: <c>async with cond:</c> block while draining or resetting, arrive, then either trip
    /// the barrier or wait for the cycle to end; <c>finally:</c> leave. Each <see cref="Run"/> resumes holding the lock.
    /// </summary>
    private sealed class ArrivalOperation : LockedWaitOperation<int>
    {
        private readonly AsyncBarrier _barrier;
        private int _index;
        private bool _arrived;

        public ArrivalOperation(AsyncBarrier barrier)
            : base(barrier._lock, barrier._condition) => _barrier = barrier;

        public override string Name => "AsyncBarrier.Wait";

        protected override bool Run(out int result)
        {
            result = 0;
            if (!HoldsLock && AcquireOrPark())
            {
                return true;
            }

            AsyncBarrier barrier = _barrier;
            if (!_arrived)
            {
                // asyncio's _block().
                if (barrier._state is BarrierState.Draining or BarrierState.Resetting)
                {
                    ParkUntilNotified();
                    return true;
                }

                if (barrier._state == BarrierState.Broken)
                {
                    ReleaseLock();
                    throw new BrokenBarrierException("Barrier aborted");
                }

                _index = barrier._count;
                barrier._count++;
                _arrived = true;
                if (_index + 1 == barrier.Parties)
                {
                    // asyncio's _release().
                    barrier._state = BarrierState.Draining;
                    barrier._condition.NotifyAll();
                    Leave();
                    result = _index;
                    return false;
                }
            }

            // asyncio's _wait().
            if (barrier._state == BarrierState.Filling)
            {
                ParkUntilNotified();
                return true;
            }

            // Read before leaving: the last task out of a resetting barrier refills it.
            bool broken = barrier._state is BarrierState.Broken or BarrierState.Resetting;
            Leave();
            if (broken)
            {
                throw new BrokenBarrierException("Abort or reset of barrier");
            }

            result = _index;
            return false;
        }

        /// <summary>Cancelled in a condition wait, the lock re-acquired: leave as the <c>finally</c> does.</summary>
        protected override void AbandonHoldingLock()
        {
            if (_arrived)
            {
                Leave();
            }
            else
            {
                ReleaseLock();
            }
        }

        /// <summary>asyncio's <c>finally: self._count -= 1; self._exit()</c>, then the end of <c>async with</c>.</summary>
        private void Leave()
        {
            AsyncBarrier barrier = _barrier;
            barrier._count--;
            barrier.Exit();
            ReleaseLock();
        }
    }

    /// <summary>asyncio's <c>reset()</c> and <c>abort()</c>: under the lock, change the state and notify every waiter.</summary>
    private sealed class StateChangeOperation : LockedWaitOperation<int>
    {
        private readonly AsyncBarrier _barrier;
        private readonly bool _abort;

        public StateChangeOperation(AsyncBarrier barrier, bool abort)
            : base(barrier._lock)
        {
            _barrier = barrier;
            _abort = abort;
        }

        public override string Name => _abort ? "AsyncBarrier.Abort" : "AsyncBarrier.Reset";

        protected override bool Run(out int result)
        {
            result = 0;
            if (!HoldsLock && AcquireOrPark())
            {
                return true;
            }

            AsyncBarrier barrier = _barrier;
            if (_abort)
            {
                barrier._state = BarrierState.Broken;
            }
            else
            {
                barrier._state = barrier._count > 0 ? BarrierState.Resetting : BarrierState.Filling;
            }

            barrier._condition.NotifyAll();
            ReleaseLock();
            return false;
        }
    }
}
