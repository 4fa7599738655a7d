namespace Coroutines;

/// <summary>
/// An <see cref="AsyncQueue{T}"/> that returns the most recently added item first (asyncio's <c>LifoQueue</c>).
/// Waiting, cancellation and shutdown behave as in <see cref="AsyncQueue{T}"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class AsyncLifoQueue<T> : AsyncQueue<T>
{
    private readonly Stack<T> _items = new();

    /// <summary>Creates a LIFO queue holding at most <paramref name="maxSize"/> items; 0 (or less) means unbounded.</summary>
    /// <param name="maxSize">The bound, or 0 for none.</param>
    public AsyncLifoQueue(int maxSize = 0)
        : base(maxSize, ownStorage: false)
    {
    }

    private protected override int StoredCount => _items.Count;

    private protected override void Store(T item) => _items.Push(item);

    private protected override T Take() => _items.Pop();
}
