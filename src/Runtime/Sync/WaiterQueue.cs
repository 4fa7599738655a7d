namespace Coroutines.Sync;

/// <summary>
/// The FIFO of waiter futures every primitive keeps (asyncio's <c>collections.deque</c> of futures, AX's
/// <c>AsyncWaitQueue</c>). A waiter is removed by its node in O(1), so thousands of cancelled waiters cost nothing.
/// </summary>
/// <remarks>
/// Invariant: a waiter is in the queue from the moment its task parks on it until the waiting code removes it
/// (asyncio's <c>finally: waiters.remove(fut)</c>) or a queue pops it to wake it. A cancelled future may sit here
/// until its task resumes; wakers skip done futures.
/// </remarks>
/// <typeparam name="TWaiter">The waiter future type.</typeparam>
internal sealed class WaiterQueue<TWaiter>
    where TWaiter : Future
{
    private readonly LinkedList<TWaiter> _list = new();

    public int Count => _list.Count;

    public TWaiter? First => _list.First?.Value;

    public LinkedListNode<TWaiter> Enqueue(TWaiter waiter) => _list.AddLast(waiter);

    /// <summary>Removes the waiter if it is still queued (a waker may have popped it already).</summary>
    public bool Remove(LinkedListNode<TWaiter> node)
    {
        if (!ReferenceEquals(node.List, _list))
        {
            return false;
        }

        _list.Remove(node);
        return true;
    }

    public TWaiter? Dequeue()
    {
        LinkedListNode<TWaiter>? first = _list.First;
        if (first is null)
        {
            return null;
        }

        _list.RemoveFirst();
        return first.Value;
    }

    /// <summary>The first waiter that is not done yet, or <see langword="null"/>.</summary>
    public TWaiter? FirstPending()
    {
        foreach (TWaiter waiter in _list)
        {
            if (!waiter.Done)
            {
                return waiter;
            }
        }

        return null;
    }

    /// <summary><see langword="true"/> when the queue is empty or holds only cancelled futures.</summary>
    public bool AllCancelled()
    {
        foreach (TWaiter waiter in _list)
        {
            if (!waiter.Cancelled)
            {
                return false;
            }
        }

        return true;
    }

    public LinkedList<TWaiter>.Enumerator GetEnumerator() => _list.GetEnumerator();
}
