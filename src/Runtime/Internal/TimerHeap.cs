namespace Coroutines.Internal;

/// <summary>
/// A 4-ary min-heap of timer nodes ordered by (When, Sequence): O(log n) insert and pop, O(1) cancel.
/// </summary>
/// <remarks>
/// <para>Nodes are structs holding their target and a token, so a sleeping task costs one node and no timer object
/// (peer benchmark: sleepers, bytes per sleeper). Cancel is the target's business (it invalidates the token and calls
/// <see cref="NoteCancelled"/>); a dead node stays until it reaches the top or until dead nodes are more than half of
/// the heap, when <see cref="Compact"/> rebuilds it in O(n) — amortised O(1) per cancel, at most 2x live nodes ever
/// held (asyncio's rule, base_events._run_once).</para>
/// <para>Four children a node, not two: half the levels, and a node's children share two cache lines. With a million
/// sleepers the sifts were cache misses level by level (peer benchmark: sleepers at scale 10), as .NET's own
/// <c>PriorityQueue</c> found.</para>
/// </remarks>
internal sealed class TimerHeap
{
    private const int MinimumForCompaction = 64;
    private const int Arity = 4;

    private Node[] _heap = new Node[16];
    private int _count;
    private int _cancelled;
    private int _nextSequence;

    public TimerHeap()
    {
    }

    /// <summary>Starts numbering at <paramref name="firstSequence"/> (tests of the wrap-around).</summary>
    internal TimerHeap(int firstSequence) => _nextSequence = firstSequence;

    /// <summary>Nodes in the heap, cancelled ones included.</summary>
    public int Count => _count;

    public int LiveCount => _count - _cancelled;

    /// <param name="target">Told when the node is due, and asked whether the node is still live.</param>
    /// <param name="when">Loop time it is due at.</param>
    /// <param name="delay">What it was scheduled for, kept for introspection only (<see cref="FindDelay"/>).</param>
    /// <returns>The node's sequence number: its place among equal times, and the token the target is asked about.</returns>
    public int Add(ITimerTarget target, double when, float delay = 0)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        int sequence = unchecked(_nextSequence++);
        _heap[_count] = new Node(when, sequence, target, delay);
        _count++;
        SiftUp(_count - 1);
        return sequence;
    }

    /// <summary>A node still in the heap was invalidated by its target.</summary>
    public void NoteCancelled()
    {
        _cancelled++;
        if (_count >= MinimumForCompaction && _cancelled * 2 > _count)
        {
            Compact();
        }
    }

    /// <summary>Drops dead nodes at the top; returns whether a live node remains, and its time.</summary>
    public bool TryPeek(out double when)
    {
        while (_count > 0 && !_heap[0].IsLive)
        {
            RemoveTop();
            _cancelled--;
        }

        when = _count > 0 ? _heap[0].When : 0;
        return _count > 0;
    }

    /// <summary>Removes the top node (call after <see cref="TryPeek"/> said it is live) and returns its target.</summary>
    public ITimerTarget Pop()
    {
        ITimerTarget target = _heap[0].Target;
        RemoveTop();
        return target;
    }

    /// <summary>The delay a target's live node was added with: a linear scan, for introspection only (a sleeping
    /// task's stack), so that tasks need not keep it (peer benchmark: bytes per sleeper).</summary>
    public float? FindDelay(ITimerTarget target, int sequence)
    {
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_heap[i].Target, target) && _heap[i].Sequence == sequence)
            {
                return _heap[i].Delay;
            }
        }

        return null;
    }

    public void Clear()
    {
        Array.Clear(_heap, 0, _count);
        _count = 0;
        _cancelled = 0;
    }

    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_heap[i].IsLive)
            {
                _heap[kept++] = _heap[i];
            }
        }

        Array.Clear(_heap, kept, _count - kept);
        _count = kept;
        _cancelled = 0;
        for (int i = (_count - 2) / Arity; i >= 0; i--)
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
        _count--;
        if (_count > 0)
        {
            _heap[0] = _heap[_count];
            _heap[_count] = default;
            SiftDown(0);
        }
        else
        {
            _heap[0] = default;
        }
    }

    // Sequence numbers wrap: compared by difference, they order correctly while equal-time nodes are fewer than 2^31
    // insertions apart.
    private static bool Earlier(in Node a, in Node b) =>
        a.When < b.When || (a.When == b.When && unchecked(a.Sequence - b.Sequence) < 0);

    private void SiftUp(int index)
    {
        Node node = _heap[index];
        while (index > 0)
        {
            int parent = (index - 1) / Arity;
            if (!Earlier(node, _heap[parent]))
            {
                break;
            }

            _heap[index] = _heap[parent];
            index = parent;
        }

        _heap[index] = node;
    }

    private void SiftDown(int index)
    {
        Node node = _heap[index];
        while (true)
        {
            int first = (index * Arity) + 1;
            if (first >= _count)
            {
                break;
            }

            int child = first;
            int end = Math.Min(first + Arity, _count);
            for (int sibling = first + 1; sibling < end; sibling++)
            {
                if (Earlier(_heap[sibling], _heap[child]))
                {
                    child = sibling;
                }
            }

            if (!Earlier(_heap[child], node))
            {
                break;
            }

            _heap[index] = _heap[child];
            index = child;
        }

        _heap[index] = node;
    }

    // 24 bytes: the sequence number doubles as the target's token (a target knows the sequence of its live node), so
    // a node needs no separate token (peer benchmark: bytes per sleeper).
    private readonly struct Node
    {
        public readonly double When;
        public readonly ITimerTarget Target;
        public readonly int Sequence;
        public readonly float Delay;

        public Node(double when, int sequence, ITimerTarget target, float delay)
        {
            When = when;
            Sequence = sequence;
            Target = target;
            Delay = delay;
        }

        public bool IsLive => Target.IsTimerLive(Sequence);
    }
}
