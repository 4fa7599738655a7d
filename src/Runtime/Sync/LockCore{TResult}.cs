namespace Coroutines.Sync;

/// <summary>
/// asyncio's <c>Lock</c> without its public face: the flag and the FIFO of operations waiting to take it.
/// <see cref="AsyncLock"/> wraps one (shared with the conditions built on it); <see cref="AsyncBarrier"/> keeps a
/// private one.
/// </summary>
/// <remarks>
/// <para>Generic over the waiting operations' result type because each operation is its own node in the FIFO: a lock
/// acquire or a condition wait produces <see langword="bool"/>, a barrier's wait its arrival index.</para>
/// <para>Invariant (asyncio's <c>locks.py</c>): the lock is taken by the acquirer when it resumes, not handed over by
/// <see cref="Release"/>; a newcomer takes a free lock only when every queued waiter was cancelled. The exception is
/// a condition wait re-acquiring: it takes the lock the moment it is granted (see
/// <see cref="LockedWaitOperation{TResult}"/>).</para>
/// </remarks>
/// <typeparam name="TResult">The waiting operations' result type.</typeparam>
internal sealed class LockCore<TResult>
{
    private readonly WaitList<TResult> _waiters = new();
    private readonly object _owner;
    private LoopBinding _binding;

    /// <param name="owner">The public primitive, named when it is used from a second loop.</param>
    public LockCore(object owner) => _owner = owner;

    public bool Locked { get; private set; }

    public WaitList<TResult> Waiters => _waiters;

    public void BindTo(EventLoop running) => _binding.Bind(_owner, running);

    /// <summary>asyncio's fast path: free, and nobody but cancelled waiters in line.</summary>
    public bool TryTake()
    {
        if (!Locked && _waiters.AllCancelled())
        {
            Locked = true;
            return true;
        }

        return false;
    }

    /// <summary>Takes the lock for a waiter whose turn came, which leaves the line.</summary>
    public void TakeFor(WaitOperation<TResult> waiter)
    {
        _waiters.Remove(waiter);
        Locked = true;
    }

    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release()
    {
        if (!Locked)
        {
            throw new InvalidOperationException("Lock is not acquired.");
        }

        Locked = false;
        WakeUpFirst();
    }

    /// <summary>
    /// Wakes the first waiter unless it is done: a done one will resume later and either take the lock or, if it was
    /// cancelled, call this again (asyncio's <c>_wake_up_first</c>).
    /// </summary>
    public void WakeUpFirst()
    {
        WaitOperation<TResult>? first = _waiters.First;
        if (first is null || first.IsDone)
        {
            return;
        }

        ((LockedWaitOperation<TResult>)first).OnLockFreed();
    }
}
