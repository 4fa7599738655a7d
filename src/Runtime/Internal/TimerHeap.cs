namespace Coroutines.Internal;

/// <summary>
/// A binary min-heap of timers ordered by (When, Sequence): O(log n) insert and pop, O(1) cancel.
/// </summary>
/// <remarks>
/// Cancel marks the entry and releases its callback; the dead entry stays until it reaches the top or until
/// dead entries are more than half of the heap, when <see cref="Compact"/> rebuilds it in O(n) — amortised O(1)
/// per cancel, and at most 2x live entries ever held (asyncio's rule, base_events._run_once).
/// </remarks>
internal sealed class TimerHeap
{
    private const int MinimumForCompaction = 64;

    private TimerEntry[] _heap = new TimerEntry[16];
    private int _count;
    private int _cancelled;
    private long _nextSequence;

    /// <summary>Entries in the heap, cancelled ones included.</summary>
    public int Count => _count;

    public int LiveCount => _count - _cancelled;

    public void Add(TimerEntry entry, double when)
    {
        entry.When = when;
        entry.Sequence = _nextSequence++;
        entry.IsCancelled = false;
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        _heap[_count] = entry;
        entry.HeapIndex = _count;
        _count++;
        SiftUp(_count - 1);
    }

    public void Cancel(TimerEntry entry)
    {
        if (entry.IsCancelled)
        {
            return;
        }

        // Also marks an entry already moved to the ready queue, so it does not run.
        entry.IsCancelled = true;
        entry.ReleaseReferences();
        if (entry.HeapIndex < 0)
        {
            return;
        }

        _cancelled++;
        if (_count >= MinimumForCompaction && _cancelled * 2 > _count)
        {
            Compact();
        }
    }

    /// <summary>Drops cancelled entries at the top; returns the earliest live entry or null.</summary>
    public TimerEntry? Peek()
    {
        while (_count > 0 && _heap[0].IsCancelled)
        {
            RemoveTop();
            _cancelled--;
        }

        return _count > 0 ? _heap[0] : null;
    }

    public TimerEntry Pop()
    {
        TimerEntry top = _heap[0];
        RemoveTop();
        return top;
    }

    public void Clear()
    {
        for (int i = 0; i < _count; i++)
        {
            _heap[i].HeapIndex = -1;
            _heap[i] = null!;
        }

        _count = 0;
        _cancelled = 0;
    }

    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            TimerEntry entry = _heap[i];
            if (entry.IsCancelled)
            {
                entry.HeapIndex = -1;
            }
            else
            {
                _heap[kept] = entry;
                entry.HeapIndex = kept;
                kept++;
            }
        }

        Array.Clear(_heap, kept, _count - kept);
        _count = kept;
        _cancelled = 0;
        for (int i = (_count / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        if (_heap.Length > 64 && _count < _heap.Length / 4)
        {
            Array.Resize(ref _heap, Math.Max(64, _heap.Length / 2));
        }
    }

    private void RemoveTop()
    {
        TimerEntry top = _heap[0];
        top.HeapIndex = -1;
        _count--;
        if (_count > 0)
        {
            _heap[0] = _heap[_count];
            _heap[0].HeapIndex = 0;
            _heap[_count] = null!;
            SiftDown(0);
        }
        else
        {
            _heap[0] = null!;
        }
    }

    private static bool Earlier(TimerEntry a, TimerEntry b) =>
        a.When < b.When || (a.When == b.When && a.Sequence < b.Sequence);

    private void SiftUp(int index)
    {
        TimerEntry entry = _heap[index];
        while (index > 0)
        {
            int parent = (index - 1) >> 1;
            if (!Earlier(entry, _heap[parent]))
            {
                break;
            }

            _heap[index] = _heap[parent];
            _heap[index].HeapIndex = index;
            index = parent;
        }

        _heap[index] = entry;
        entry.HeapIndex = index;
    }

    private void SiftDown(int index)
    {
        TimerEntry entry = _heap[index];
        while (true)
        {
            int child = (index * 2) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Earlier(_heap[child], entry))
            {
                break;
            }

            _heap[index] = _heap[child];
            _heap[index].HeapIndex = index;
            index = child;
        }

        _heap[index] = entry;
        entry.HeapIndex = index;
    }
}
