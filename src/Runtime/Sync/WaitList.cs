namespace Coroutines.Sync;

/// <summary>
/// The FIFO of <see cref="WaitOperation{TResult}"/>s a primitive keeps (asyncio's deque of waiter futures), linked
/// through the operations themselves: enqueue, dequeue and removal are O(1) and allocate nothing.
/// </summary>
/// <typeparam name="TResult">The operations' result type.</typeparam>
internal sealed class WaitList<TResult>
{
    private WaitOperation<TResult>? _first;
    private WaitOperation<TResult>? _last;

    public int Count { get; private set; }

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
        Count++;
    }

    /// <summary>Removes the waiter if it is still in the list (a waker may have dequeued it already). A waiter is in
    /// at most one list at a time (a condition wait moves from the condition's to the lock's), and only removes
    /// itself from the one it is in.</summary>
    public bool Remove(WaitOperation<TResult> waiter)
    {
        if (!waiter.InList)
        {
            return false;
        }

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
        Count--;
        return true;
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
