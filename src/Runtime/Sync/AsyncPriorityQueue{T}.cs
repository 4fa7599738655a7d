namespace Coroutines;

/// <summary>
/// An <see cref="AsyncQueue{T}"/> that returns the smallest item first (asyncio's <c>PriorityQueue</c>). Priority
/// is the item's own order under an <see cref="IComparer{T}"/> (by default <see cref="Comparer{T}.Default"/>), so a
/// <c>(int Priority, string Job)</c> tuple works as asyncio's <c>(priority, data)</c> entries do, and so does a
/// comparer over a field of the item. Items that compare equal come out in the order they were put (stable),
/// unlike <c>heapq</c>. Waiting, cancellation and shutdown behave as in <see cref="AsyncQueue{T}"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class AsyncPriorityQueue<T> : AsyncQueue<T>
{
    private readonly PriorityQueue<T, (T Item, long Sequence)> _items;
    private long _sequence;

    /// <summary>Creates a priority queue holding at most <paramref name="maxSize"/> items; 0 (or less) means unbounded.</summary>
    /// <param name="maxSize">The bound, or 0 for none.</param>
    /// <param name="comparer">Orders the items, smallest first; <see langword="null"/> for <see cref="Comparer{T}.Default"/>.</param>
    public AsyncPriorityQueue(int maxSize = 0, IComparer<T>? comparer = null)
        : base(maxSize, ownStorage: false)
    {
        _items = new PriorityQueue<T, (T, long)>(new StableComparer(comparer ?? Comparer<T>.Default));
    }

    private protected override int StoredCount => _items.Count;

    private protected override void Store(T item) => _items.Enqueue(item, (item, _sequence++));

    private protected override T Take() => _items.Dequeue();

    /// <summary>The user's order, then insertion order for ties.</summary>
    private sealed class StableComparer : IComparer<(T Item, long Sequence)>
    {
        private readonly IComparer<T> _comparer;

        public StableComparer(IComparer<T> comparer) => _comparer = comparer;

        public int Compare((T Item, long Sequence) x, (T Item, long Sequence) y)
        {
            int byItem = _comparer.Compare(x.Item, y.Item);
            return byItem != 0 ? byItem : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
