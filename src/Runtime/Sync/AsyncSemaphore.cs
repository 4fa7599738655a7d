using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A counting semaphore for coroutines on one loop (asyncio's <c>Semaphore</c>): <see cref="Acquire"/> takes one
/// unit or waits, <see cref="Release"/> gives one back. Waiters are served in FIFO order.
/// <code>
/// yield return sem.Acquire();
/// using (sem.Releaser())
/// {
///     yield return Fetch(url);
/// }
/// </code>
/// </summary>
/// <remarks>
/// <para>Invariants (asyncio 3.11.7's <c>locks.py</c>): <see cref="Value"/> never goes below zero; a release
/// hands its unit to the first waiter that is not done (decrementing <see cref="Value"/> for it), so a newcomer
/// cannot take a unit meant for a waiter.</para>
/// <para>Cancellation: a waiter cancelled while queued leaves without a trace. A waiter that had already been
/// handed a unit when its cancellation arrived gives the unit back and passes it to the next waiter.</para>
/// </remarks>
public class AsyncSemaphore : IReleasable
{
    private readonly WaitList<bool> _waiters = new();
    private LoopBinding _binding;
    private SpareWaits<bool> _spareAcquires;
    private int _value;

    /// <summary>Creates a semaphore with <paramref name="value"/> units.</summary>
    /// <param name="value">The initial counter, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public AsyncSemaphore(int value = 1)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Semaphore initial value must be >= 0.");
        }

        _value = value;
    }

    /// <summary>The number of units free now.</summary>
    public int Value => _value;

    /// <summary><see langword="true"/> if <see cref="Acquire"/> would wait: no unit is free, or a live waiter is ahead.</summary>
    public bool Locked
    {
        get
        {
            if (_value == 0)
            {
                return true;
            }

            return !_waiters.AllCancelled();
        }
    }

    /// <summary>How many tasks wait (cancelled ones included until they resume).</summary>
    internal int WaiterCount => _waiters.Count;

    /// <summary>How many finished waiting acquires it keeps for reuse (see <see cref="SpareWaits{TResult}"/>).</summary>
    internal int KeptOperations => _spareAcquires.Count;

    /// <summary>
    /// Takes one unit: <c>yield return sem.Acquire();</c>. When one is free the task continues without suspending;
    /// otherwise it waits its turn. Yield the result at once: calling it is what takes a free unit. A cancelled
    /// waiter raises <see cref="CancelledException"/> at the <c>yield return</c> holding nothing.
    /// </summary>
    public Yield Acquire()
    {
        if (!Locked)
        {
            _value--;
            return Yield.Ready;
        }

        // Kept once finished for the next waiting acquires (workers loop over a semaphore; see SpareWaits).
        WaitOperation<bool> acquire = _spareAcquires.Take() ?? new AcquireOperation(this);
        return acquire.Reuse();
    }

    /// <summary>Gives one unit back and wakes the first waiter.</summary>
    public virtual void Release()
    {
        _value++;
        WakeUpNext();
    }

    /// <summary>A releaser for a <c>using</c> block entered right after <c>yield return sem.Acquire();</c>: disposing it
    /// releases one unit once (see <see cref="AsyncReleaser"/>).</summary>
    public AsyncReleaser Releaser() => new(this);

    /// <inheritdoc/>
    public override string ToString()
    {
        string state = Locked ? "locked" : $"unlocked, value:{_value}";
        return $"<{GetType().Name} [{state}{(_waiters.Count > 0 ? $", waiters:{_waiters.Count}" : string.Empty)}]>";
    }

    /// <summary>The waiting acquire, as asyncio 3.11.7's <c>acquire()</c> after its fast path.</summary>
    private sealed class AcquireOperation : WaitOperation<bool>
    {
        private readonly AsyncSemaphore _semaphore;

        public AcquireOperation(AsyncSemaphore semaphore) => _semaphore = semaphore;

        public override string Name => _semaphore.GetType().Name + ".Acquire";

        protected override bool Step(bool resumed, out bool result)
        {
            AsyncSemaphore semaphore = _semaphore;
            result = true;
            if (resumed)
            {
                // Handed a unit by WakeUpNext (which already counted it); pass a spare unit on.
                semaphore._waiters.Remove(this);
                if (semaphore._value > 0)
                {
                    semaphore.WakeUpNext();
                }

                return false;
            }

            // The operation runs when yielded; re-test as asyncio's acquire() does on entry.
            if (!semaphore.Locked)
            {
                semaphore._value--;
                return false;
            }

            semaphore._binding.Bind(semaphore, RunningLoop);
            ParkIn(semaphore._waiters);
            return true;
        }

        protected override void OnFinished() => _semaphore._spareAcquires.Keep(this);

        protected override void Abandon(bool wasWoken)
        {
            AsyncSemaphore semaphore = _semaphore;
            semaphore._waiters.Remove(this);

            // Handed a unit, then cancelled before resuming: give it back to the next waiter.
            if (wasWoken)
            {
                semaphore._value++;
                semaphore.WakeUpNext();
            }
        }
    }

    /// <summary>Hands a unit to the first waiter that is not done (asyncio's <c>_wake_up_next</c>).</summary>
    private void WakeUpNext()
    {
        if (_waiters.WakeFirstPending() is not null)
        {
            _value--;
        }
    }
}
