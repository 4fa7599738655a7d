namespace Coroutines.Internal;

/// <summary>
/// The loop's FIFO of ready callbacks: a growable ring buffer of structs, so enqueuing a task wake-up
/// allocates nothing in steady state (benchmarks: Switch, PingPong).
/// </summary>
internal sealed class ReadyQueue
{
    private ReadyItem[] _items = new ReadyItem[64];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(object callback, Future? argument = null)
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

        _items[tail] = new ReadyItem(callback, argument);
        _count++;
    }

    public ReadyItem Dequeue()
    {
        ReadyItem item = _items[_head];
        _items[_head] = default;
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
        var bigger = new ReadyItem[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            int index = _head + i;
            bigger[i] = _items[index >= _items.Length ? index - _items.Length : index];
        }

        _items = bigger;
        _head = 0;
    }
}

/// <summary>An <see cref="IRunnable"/>, or a done callback with the future it reports on.</summary>
internal readonly record struct ReadyItem(object Callback, Future? Argument);
