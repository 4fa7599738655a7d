namespace Coroutines.Internal;

/// <summary>
/// The loop's FIFO of ready callbacks: a growable ring buffer of <see cref="IRunnable"/> references, so enqueuing a
/// task wake-up allocates nothing in steady state and running one is a single interface call (peer benchmark: switch).
/// </summary>
internal sealed class ReadyQueue
{
    // Slots, not a bare IRunnable[]: storing a reference into an array of an interface type goes through the runtime's
    // covariance check (CastHelpers.StelemRef, ~5% of the switch benchmark); a struct field store does not.
    // What an empty queue keeps: enough for a steady loop of a thousand tasks without regrowing.
    private const int RetainedCapacity = 1024;

    private Slot[] _items = new Slot[64];
    private int _head;
    private int _count;

    public int Count => _count;

    /// <summary>Slots held (tests of the trimming).</summary>
    internal int Capacity => _items.Length;

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

    /// <summary>Gives a burst's slots back once it has drained to a quarter of them: a hundred thousand tasks started
    /// at once (and then all asleep) left a 1 MB array behind otherwise (peer benchmark: bytes per sleeper). asyncio's
    /// deque frees its blocks the same way as it drains. Called once per loop iteration; a steady queue never shrinks.</summary>
    public void TrimAfterBurst()
    {
        if (_items.Length > RetainedCapacity && _count < _items.Length / 4)
        {
            Resize(Math.Max(RetainedCapacity, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_count * 2)));
        }
    }

    private void Grow() => Resize(_items.Length * 2);

    private void Resize(int capacity)
    {
        var items = new Slot[capacity];
        for (int i = 0; i < _count; i++)
        {
            int index = _head + i;
            items[i] = _items[index >= _items.Length ? index - _items.Length : index];
        }

        _items = items;
        _head = 0;
    }

    private struct Slot
    {
        public IRunnable Item;
    }
}
