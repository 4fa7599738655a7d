namespace Coroutines.Sync;

/// <summary>
/// asyncio's <c>Condition</c> without its public face: the FIFO of operations waiting for a notification, on a
/// <see cref="LockCore{TResult}"/>. <see cref="AsyncCondition"/> wraps one; <see cref="AsyncBarrier"/> keeps a
/// private one.
/// </summary>
/// <typeparam name="TResult">The waiting operations' result type.</typeparam>
internal sealed class ConditionCore<TResult>
{
    private readonly WaitList<TResult> _waiters = new();
    private readonly object _owner;
    private LoopBinding _binding;

    /// <param name="owner">The public primitive, named when it is used from a second loop.</param>
    /// <param name="lock">The lock waiters release while they wait and re-acquire before they resume.</param>
    public ConditionCore(object owner, LockCore<TResult> @lock)
    {
        _owner = owner;
        Lock = @lock;
    }

    public LockCore<TResult> Lock { get; }

    public WaitList<TResult> Waiters => _waiters;

    public void BindTo(EventLoop running) => _binding.Bind(_owner, running);

    /// <summary>Moves up to <paramref name="n"/> waiters, oldest first, in line for the lock.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Notify(int n)
    {
        if (!Lock.Locked)
        {
            throw new InvalidOperationException("cannot notify on un-acquired lock");
        }

        // A waiter cancelled before its notification has already left for the lock's line, so every one here is live.
        for (int woken = 0; woken < n; woken++)
        {
            if (_waiters.Dequeue() is not LockedWaitOperation<TResult> waiter)
            {
                break;
            }

            waiter.OnNotified();
        }
    }

    public void NotifyAll() => Notify(_waiters.Count);
}
