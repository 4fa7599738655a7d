namespace Coroutines.Sync;

/// <summary>
/// A wait that takes a lock and may wait on a condition of it (<c>lk.Acquire()</c>, <c>cond.Wait()</c>,
/// <c>cond.WaitFor(p)</c>, <c>barrier.Wait()</c>): asyncio's <c>async with lock:</c> around <c>await cond.wait()</c>,
/// as one <see cref="WaitOperation{TResult}"/> that is in the lock's line or the condition's as it goes.
/// </summary>
/// <remarks>
/// <para>Phases: outside the lock → acquiring (in the lock's line, woken when it is released, takes it on resuming)
/// → holding → notifiable (released the lock, in the condition's line) → reacquiring (in the lock's line, takes the
/// lock the moment it is granted, then is woken) → holding.</para>
/// <para>Why a condition wait takes the lock before it wakes: asyncio's <c>Condition.wait</c> re-acquires in a
/// <c>finally</c> block, suspending there if it must, so the caller holds the lock when <c>wait</c> returns or
/// raises. A template cannot suspend while it unwinds, so the re-acquisition happens before the task resumes, and a
/// cancellation while notifiable or reacquiring is deferred (<see cref="TryDeferCancellation"/>) until the lock is
/// held: the task then raises at its <c>yield return</c> holding the lock.</para>
/// <para>Subclasses write their body in <see cref="Run"/>, called on the first run and after every wake-up, with
/// the lock held after a wake-up; it parks through <see cref="AcquireOrPark"/> or <see cref="ParkUntilNotified"/>.</para>
/// </remarks>
/// <typeparam name="TResult">What the wait produces.</typeparam>
internal abstract class LockedWaitOperation<TResult> : WaitOperation<TResult>
{
    private readonly LockCore<TResult> _lock;
    private readonly ConditionCore<TResult>? _condition;
    private LockPhase _phase;

    protected LockedWaitOperation(LockCore<TResult> @lock, ConditionCore<TResult>? condition = null)
    {
        _lock = @lock;
        _condition = condition;
    }

    private enum LockPhase : byte
    {
        Outside,
        Acquiring,
        Holding,
        Notifiable,
        Reacquiring,
    }

    /// <summary>This operation took the lock (and has not released it).</summary>
    protected bool HoldsLock => _phase == LockPhase.Holding;

    /// <summary>The body: returns <see langword="true"/> when it parked, <see langword="false"/> when it finished.</summary>
    protected abstract bool Run(out TResult result);

    /// <summary>
    /// The task was cancelled in a condition wait and has re-acquired the lock: asyncio's <c>finally</c> blocks
    /// inside the <c>async with</c>. By default the caller's own <c>using</c> releases the lock.
    /// </summary>
    protected virtual void AbandonHoldingLock()
    {
    }

    /// <summary>asyncio's <c>acquire()</c>: takes a free lock, or parks in its line. Returns <see langword="true"/> when parked.</summary>
    protected bool AcquireOrPark()
    {
        if (_lock.TryTake())
        {
            _phase = LockPhase.Holding;
            return false;
        }

        _lock.BindTo(RunningLoop);
        _phase = LockPhase.Acquiring;
        ParkIn(_lock.Waiters);
        return true;
    }

    /// <summary>asyncio's <c>Condition.wait()</c> up to its <c>await</c>: releases the lock and parks until notified.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    protected void ParkUntilNotified()
    {
        ConditionCore<TResult> condition = _condition!;
        if (!_lock.Locked)
        {
            throw new InvalidOperationException("cannot wait on un-acquired lock");
        }

        condition.BindTo(RunningLoop);
        _lock.Release();
        _phase = LockPhase.Notifiable;
        ParkIn(condition.Waiters);
    }

    /// <summary>For a finished acquire kept for reuse: the lock it took is the task's now, so the next use starts outside.</summary>
    protected void ForgetHeldLock() => _phase = LockPhase.Outside;

    protected void ReleaseLock()
    {
        _phase = LockPhase.Outside;
        _lock.Release();
    }

    /// <summary>The lock was released with this operation first in its line.</summary>
    internal void OnLockFreed()
    {
        if (_phase == LockPhase.Reacquiring)
        {
            _lock.TakeFor(this);
        }

        Wake();
    }

    /// <summary>A notify took this operation out of the condition's line.</summary>
    internal void OnNotified() => LineUpToReacquire();

    protected sealed override bool Step(bool resumed, out TResult result)
    {
        if (resumed)
        {
            // A woken acquirer takes the lock now (asyncio: after `await fut`); a reacquirer was granted it already.
            if (_phase == LockPhase.Acquiring)
            {
                _lock.TakeFor(this);
            }

            _phase = LockPhase.Holding;
        }
        else if (_phase is LockPhase.Notifiable or LockPhase.Reacquiring)
        {
            // cond.Wait() released the lock and lined up when it was called (a notify may have moved it to the lock's
            // line since); the task parks now.
            result = default!;
            return true;
        }

        return Run(out result);
    }

    protected sealed override bool TryDeferCancellation()
    {
        switch (_phase)
        {
            case LockPhase.Notifiable:
                // Not notified yet: leave without consuming a notification, but resume only holding the lock.
                _condition!.Waiters.Remove(this);
                LineUpToReacquire();
                return true;
            case LockPhase.Reacquiring:
                return true;
            default:
                return false;
        }
    }

    protected sealed override void Abandon(bool wasWoken)
    {
        switch (_phase)
        {
            case LockPhase.Reacquiring when wasWoken:
                _phase = LockPhase.Holding;
                AbandonHoldingLock();
                break;
            case LockPhase.Acquiring:
            case LockPhase.Reacquiring:
                // Cancelled in line, or woken and cancelled before it ran (a reacquirer only when its loop closes):
                // if the lock is still free, the next waiter gets the wake-up (asyncio's `except CancelledError`).
                _lock.Waiters.Remove(this);
                if (!_lock.Locked)
                {
                    _lock.WakeUpFirst();
                }

                break;
            case LockPhase.Notifiable:
                // Only when the loop closes: a cancellation moves a notifiable waiter to the lock's line.
                _condition!.Waiters.Remove(this);
                break;
        }
    }

    private void LineUpToReacquire()
    {
        _phase = LockPhase.Reacquiring;
        if (_lock.TryTake())
        {
            Wake();
            return;
        }

        _lock.Waiters.Enqueue(this);
    }
}
