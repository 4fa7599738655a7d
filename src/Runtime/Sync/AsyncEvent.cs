using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A flag coroutines can wait for (asyncio's <c>Event</c>): <see cref="Set"/> wakes every waiter,
/// <see cref="Clear"/> makes later waits block again. Loop-bound, not thread-safe.
/// </summary>
/// <remarks>
/// Invariant: waiters are queued only while the flag is clear; <see cref="Set"/> completes each of them, in the
/// order they started waiting, and each removes itself when it resumes. A waiter cancelled while queued leaves
/// the queue and affects no other waiter.
/// </remarks>
public sealed class AsyncEvent
{
    private readonly WaitList<bool> _waiters = new();
    private LoopBinding _binding;
    private SpareWaits<bool> _spareWaits;
    private bool _value;

    /// <summary><see langword="true"/> once <see cref="Set"/> was called and until <see cref="Clear"/>.</summary>
    public bool IsSet => _value;

    /// <summary>How many tasks wait (cancelled ones included until they resume).</summary>
    internal int WaiterCount => _waiters.Count;

    /// <summary>
    /// Waits until the flag is set: <c>yield return evt.Wait();</c>. When it is already set the task continues
    /// without suspending. A cancelled waiter raises <see cref="CancelledException"/> at the <c>yield return</c>.
    /// </summary>
    public Yield Wait() => _value ? Yield.Ready : (_spareWaits.Take() ?? new WaitUntilSetOperation(this)).Reuse();

    /// <summary>Sets the flag and wakes every waiter; later waits do not block until <see cref="Clear"/>.</summary>
    public void Set()
    {
        if (_value)
        {
            return;
        }

        _value = true;
        for (WaitOperation<bool>? waiter = _waiters.First; waiter is not null; waiter = waiter.Next)
        {
            if (!waiter.IsDone)
            {
                waiter.Wake();
            }
        }
    }

    /// <summary>Clears the flag. Tasks already woken by <see cref="Set"/> still resume.</summary>
    public void Clear() => _value = false;

    /// <inheritdoc/>
    public override string ToString() =>
        $"<AsyncEvent [{(_value ? "set" : "unset")}{(_waiters.Count > 0 ? $", waiters:{_waiters.Count}" : string.Empty)}]>";

    /// <summary>asyncio's <c>Event.wait()</c> after its fast path: the waiter stays in line until it resumes.</summary>
    private sealed class WaitUntilSetOperation : WaitOperation<bool>
    {
        private readonly AsyncEvent _event;

        public WaitUntilSetOperation(AsyncEvent evt) => _event = evt;

        public override string Name => "AsyncEvent.Wait";

        protected override bool Step(bool resumed, out bool result)
        {
            AsyncEvent evt = _event;
            result = true;
            if (resumed)
            {
                evt._waiters.Remove(this);
                return false;
            }

            // The operation runs when yielded; re-test as asyncio's wait() does on entry.
            if (evt._value)
            {
                return false;
            }

            evt._binding.Bind(evt, RunningLoop);
            ParkIn(evt._waiters);
            return true;
        }

        protected override void OnFinished() => _event._spareWaits.Keep(this);

        protected override void Abandon(bool wasWoken) => _event._waiters.Remove(this);
    }
}
