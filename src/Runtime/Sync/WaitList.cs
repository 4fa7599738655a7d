namespace Coroutines.Sync;

/// <summary>
/// The FIFO of <see cref="WaitOperation{TResult}"/>s a primitive keeps (asyncio's deque of waiter futures), linked
/// through the operations themselves: enqueue, dequeue and removal are O(1) and allocate nothing.
/// </summary>
/// <typeparam name="TResult">The operations' result type.</typeparam>
/// <remarks>
/// asyncio keeps a woken waiter in the deque until the waiter's own code removes it, and every wake-up scans past the
/// woken ones to the first pending waiter. Here <see cref="WakeFirstPending"/> unlinks the waiter it wakes and only
/// counts it as still in line (<see cref="WaitOperation{TResult}.HeldInLine"/>): the same observable line (its
/// <see cref="Count"/>, <see cref="AllCancelled"/>, the waiter's own <see cref="Remove"/>), without the scan — which
/// was quadratic when a burst of releases woke many waiters (peer benchmark: semaphore).
/// </remarks>
internal sealed class WaitList<TResult>
{
    private WaitOperation<TResult>? _first;
    private WaitOperation<TResult>? _last;
    private int _linked;
    private int _held;

    /// <summary>Waiters in line: linked ones, and woken ones that have not removed themselves yet.</summary>
    public int Count => _linked + _held;

    public WaitOperation<TResult>? First => _first;

    public void Enqueue(WaitOperation<TResult> waiter)
    {
        waiter.InList = true;
        waiter.Previous = _last;
        waiter.Next = null;
        if (_last is null)
        {
            _first = waiter;
        }
        else
        {
            _last.Next = waiter;
        }

        _last = waiter;
        _linked++;
    }

    /// <summary>Removes the waiter if it is still in the list (a waker may have dequeued it already). A waiter is in
    /// at most one list at a time (a condition wait moves from the condition's to the lock's), and only removes
    /// itself from the one it is in.</summary>
    public bool Remove(WaitOperation<TResult> waiter)
    {
        if (waiter.HeldInLine)
        {
            waiter.HeldInLine = false;
            _held--;
            return true;
        }

        if (!waiter.InList)
        {
            return false;
        }

        Unlink(waiter);
        return true;
    }

    /// <summary>Wakes the first pending waiter, which stays in line (counted, unlinked) until it removes itself.</summary>
    public WaitOperation<TResult>? WakeFirstPending()
    {
        WaitOperation<TResult>? waiter = FirstPending();
        if (waiter is not null)
        {
            Unlink(waiter);
            waiter.HeldInLine = true;
            _held++;
            waiter.Wake();
        }

        return waiter;
    }

    private void Unlink(WaitOperation<TResult> waiter)
    {
        if (waiter.Previous is null)
        {
            _first = waiter.Next;
        }
        else
        {
            waiter.Previous.Next = waiter.Next;
        }

        if (waiter.Next is null)
        {
            _last = waiter.Previous;
        }
        else
        {
            waiter.Next.Previous = waiter.Previous;
        }

        waiter.InList = false;
        waiter.Previous = null;
        waiter.Next = null;
        _linked--;
    }

    public WaitOperation<TResult>? Dequeue()
    {
        WaitOperation<TResult>? first = _first;
        if (first is not null)
        {
            Remove(first);
        }

        return first;
    }

    /// <summary>The first waiter not woken or cancelled yet, or <see langword="null"/>.</summary>
    public WaitOperation<TResult>? FirstPending()
    {
        for (WaitOperation<TResult>? waiter = _first; waiter is not null; waiter = waiter.Next)
        {
            if (!waiter.IsDone)
            {
                return waiter;
            }
        }

        return null;
    }

    /// <summary><see langword="true"/> when the list is empty or holds only cancelled waiters.</summary>
    public bool AllCancelled()
    {
        if (_held > 0)
        {
            return false;
        }

        for (WaitOperation<TResult>? waiter = _first; waiter is not null; waiter = waiter.Next)
        {
            if (!waiter.IsCancelled)
            {
                return false;
            }
        }

        return true;
    }
}
