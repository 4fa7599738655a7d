namespace Coroutines.Internal;

/// <summary>
/// The loop's FIFO of ready callbacks: a growable ring buffer of <see cref="IRunnable"/> references, so enqueuing a
/// task wake-up allocates nothing in steady state and running one is a single interface call (peer benchmark: switch).
/// </summary>
internal sealed class ReadyQueue
{
    // Slots, not a bare IRunnable[]: storing a reference into an array of an interface type goes through the runtime's
    // covariance check (CastHelpers.StelemRef, ~5% of the switch benchmark); a struct field store does not.
    private Slot[] _items = new Slot[64];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(IRunnable callback)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        int tail = _head + _count;
        if (tail >= _items.Length)
        {
            tail -= _items.Length;
        }

        _items[tail].Item = callback;
        _count++;
    }

    public IRunnable Dequeue()
    {
        IRunnable item = _items[_head].Item;
        _items[_head].Item = null!;
        _head++;
        if (_head == _items.Length)
        {
            _head = 0;
        }

        _count--;
        return item;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var bigger = new Slot[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            int index = _head + i;
            bigger[i] = _items[index >= _items.Length ? index - _items.Length : index];
        }

        _items = bigger;
        _head = 0;
    }

    private struct Slot
    {
        public IRunnable Item;
    }
}
