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
    private readonly WaiterQueue<ConditionWaiter> _waiters = new();
    private LoopBinding _binding;

    /// <summary>Creates a condition on a new lock, or on <paramref name="lock"/> to share one.</summary>
    /// <param name="lock">The underlying lock; <see langword="null"/> for a fresh one.</param>
    public AsyncCondition(AsyncLock? @lock = null) => _lock = @lock ?? new AsyncLock();

    /// <summary><see langword="true"/> while the underlying lock is held.</summary>
    public bool Locked => _lock.Locked;

    /// <summary>How many tasks wait for a notification.</summary>
    internal int WaiterCount => _waiters.Count;

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
        if (!_lock.Locked)
        {
            throw new InvalidOperationException("cannot wait on un-acquired lock");
        }

        EventLoop loop = _binding.Get(this);
        _lock.Release();
        var waiter = new ConditionWaiter(loop, this, _lock);
        waiter.ConditionNode = _waiters.Enqueue(waiter);
        return waiter;
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> is true, testing it first and after every notification, with the
    /// lock held (asyncio's <c>wait_for</c>). Yield it; its <see cref="Coroutine{T}.Result"/> is the last predicate value.
    /// </summary>
    /// <param name="predicate">Tested with the lock held.</param>
    public Coroutine<bool> WaitFor(Func<bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new SyncOperation<bool>("AsyncCondition.WaitFor", WaitForCore(predicate));
    }

    /// <summary>Wakes up to <paramref name="n"/> waiters, oldest first. They resume once they re-acquire the lock,
    /// so the caller should release it.</summary>
    /// <param name="n">How many waiters to wake.</param>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Notify(int n = 1)
    {
        if (!_lock.Locked)
        {
            throw new InvalidOperationException("cannot notify on un-acquired lock");
        }

        for (int woken = 0; woken < n; woken++)
        {
            ConditionWaiter? waiter = _waiters.Dequeue();
            if (waiter is null)
            {
                break;
            }

            waiter.Notified();
        }
    }

    /// <summary>Wakes every waiter (see <see cref="Notify(int)"/>).</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void NotifyAll() => Notify(_waiters.Count);

    /// <inheritdoc/>
    public override string ToString() =>
        $"<AsyncCondition [{(Locked ? "locked" : "unlocked")}{(_waiters.Count > 0 ? $", waiters:{_waiters.Count}" : string.Empty)}]>";

    internal void RemoveWaiter(LinkedListNode<ConditionWaiter> node) => _waiters.Remove(node);

    private IEnumerable<Yield<bool>> WaitForCore(Func<bool> predicate)
    {
        bool result = predicate();
        while (!result)
        {
            yield return Wait();
            result = predicate();
        }

        yield return Co.Return(result);
    }
}
