using Coroutines.Internal;

namespace Coroutines.Sync;

/// <summary>
/// A primitive's wait (<c>sem.Acquire()</c>, <c>q.Get()</c>, <c>q.Put(x)</c>) as a single object: the frame the
/// waiting task runs inline, the node in the primitive's FIFO of waiters, and what the task parks on.
/// </summary>
/// <remarks>
/// <para>Why not a future plus an iterator: asyncio's shape (a waiter future in a deque, <c>try/finally</c> around
/// <c>await fut</c>) cost four objects per wait here — the iterator, its wrapper frame, the future and a linked-list
/// node, ~480 bytes per queue message in the pingpong benchmark. This keeps asyncio's state machine exactly (a waiter
/// is pending, woken or cancelled, and stays in line until its own code removes it) in one object.</para>
/// <para>Subclasses write the body as a resumable <see cref="Step"/>: it is called on the first run and after every
/// wake-up; it either parks again (<see cref="ParkIn"/>) or finishes with a result. <see cref="Abandon"/> is the
/// <c>finally</c> that runs when the task is cancelled (or its loop closes) while parked.</para>
/// </remarks>
/// <typeparam name="TResult">What the wait produces (the item for a queue get, <see langword="true"/> otherwise).</typeparam>
internal abstract class WaitOperation<TResult> : Coroutine<TResult>, IParkable
{
    private CoroutineTask? _task;
    private WaitState _state;

    // Intrusive links: the operation is its own node in a WaitList (O(1) removal, no node allocation).
    internal WaitOperation<TResult>? Previous;
    internal WaitOperation<TResult>? Next;

    /// <summary>In a list (an operation is in at most one at a time, so a flag is enough).</summary>
    internal bool InList;

    /// <summary>Woken and unlinked, but still counted in its list's line until its own code removes it.</summary>
    internal bool HeldInLine;

    /// <summary>The loop running this wait: its task's, once a task runs it without a frame; else the thread's.</summary>
    protected EventLoop RunningLoop => _task?.Loop ?? Co.GetRunningLoop();

    /// <summary>asyncio's <c>fut.done()</c> for the waiter: woken or cancelled.</summary>
    internal bool IsDone => _state is WaitState.Woken or WaitState.Cancelled;

    /// <summary>asyncio's <c>fut.cancelled()</c> for the waiter.</summary>
    internal bool IsCancelled => _state == WaitState.Cancelled;

    /// <summary>Hands the operation out again, after its previous use finished: a new use, a fresh state.</summary>
    /// <returns>What the primitive's method returns for this use.</returns>
    internal Yield Reuse()
    {
        RecycledUse++;
        _task = null;
        _state = WaitState.NotParked;
        Rearm();
        return new Yield(YieldKind.RecycledWait, this, RecycledUse);
    }

    /// <summary>Called once the body finished with a result: a recycled operation goes back to its primitive here.</summary>
    protected virtual void OnFinished()
    {
    }

    /// <summary>asyncio's <c>fut.set_result(True)</c>: the parked task runs on a later loop iteration.</summary>
    internal void Wake()
    {
        _state = WaitState.Woken;
        _task?.WakeFromWait();
    }

    /// <summary>
    /// Runs the body: on the first run, and after each wake-up. Returns <see langword="true"/> when it parked again
    /// (through <see cref="ParkIn"/>), <see langword="false"/> when it finished with <paramref name="result"/>.
    /// </summary>
    /// <param name="resumed"><see langword="true"/> after a wake-up (the waiter was already dequeued or is still in line).</param>
    /// <param name="result">The result when finished.</param>
    protected abstract bool Step(bool resumed, out TResult result);

    /// <summary>The task was cancelled while parked here (or its loop closes): leave the line, pass a wake-up on.</summary>
    /// <param name="wasWoken">A wake-up had reached this waiter before the cancellation did.</param>
    protected abstract void Abandon(bool wasWoken);

    /// <summary>
    /// The parked task is being cancelled. An operation that must finish something before the task may unwind (a
    /// condition wait re-acquiring its lock) does it here and returns <see langword="true"/>: the wait stays pending,
    /// and the task raises the cancellation when the operation wakes it. By default the wait ends at once.
    /// </summary>
    protected virtual bool TryDeferCancellation() => false;

    /// <summary>Joins <paramref name="list"/> as a pending waiter; the caller returns <see langword="true"/> from <see cref="Step"/>.</summary>
    protected void ParkIn(WaitList<TResult> list)
    {
        _state = WaitState.Pending;
        list.Enqueue(this);
    }

    protected WaitOperation() => RunsWithoutFrame = true;

    /// <summary>The frameless run a yielding task uses (see <see cref="Coroutine.RunsWithoutFrame"/>): no frame push,
    /// no <c>Return</c> yield, no pop — about a third of a queue message's cost in the pingpong benchmark.</summary>
    internal sealed override bool StepWithoutFrame(CoroutineTask task)
    {
        _task = task;
        bool resumed = _state == WaitState.Woken;
        if (Step(resumed, out TResult result))
        {
            return true;
        }

        _state = WaitState.Finished;
        SucceedWith(result);
        OnFinished();
        return false;
    }

    protected sealed override bool MoveNext(out Yield<TResult> yielded)
    {
        bool resumed = _state == WaitState.Woken;
        if (Step(resumed, out TResult result))
        {
            yielded = new Yield(YieldKind.Park, this);
            return true;
        }

        _state = WaitState.Finished;
        yielded = Co.Return(result);
        OnFinished();
        return true;
    }

    protected sealed override void Dispose()
    {
        if (_state is WaitState.Pending or WaitState.Woken or WaitState.Cancelled)
        {
            bool wasWoken = _state == WaitState.Woken;
            _state = WaitState.Finished;
            Abandon(wasWoken);
        }
    }

    void IParkable.Park(CoroutineTask task) => _task = task;

    void IParkable.CancelWait()
    {
        if (_state == WaitState.Pending && !TryDeferCancellation())
        {
            _state = WaitState.Cancelled;
            _task!.WakeFromWait();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"<{Name} {_state.ToString().ToLowerInvariant()}>";

    private enum WaitState : byte
    {
        NotParked,
        Pending,
        Woken,
        Cancelled,
        Finished,
    }
}
