using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A consumer's reusable get on an <see cref="AsyncQueue{T}"/>: <see cref="AsyncQueue{T}.Get"/> returns a new
/// <see cref="Coroutine{T}"/> per item (its <c>Result</c> may be read any time later, so it cannot be reused); a
/// receiver keeps one operation and the last item, so a consumer loop allocates nothing per message — the shape of
/// Kotlin's channel iterator and .NET's <c>ChannelReader</c>.
/// <code>
/// var inbox = queue.Receiver();
/// while (true)
/// {
///     yield return inbox.Receive();
///     Handle(inbox.Item);
/// }
/// </code>
/// </summary>
/// <remarks>Semantics are <see cref="AsyncQueue{T}.Get"/>'s, with <see cref="AsyncQueue{T}.Put"/>'s fast path: when
/// an item is there, calling <see cref="Receive"/> takes it and the task continues without suspending, so yield the
/// result at once. Receive again only after the previous receive was yielded and finished.</remarks>
/// <typeparam name="T">The item type.</typeparam>
public sealed class QueueReceiver<T>
{
    private readonly AsyncQueue<T> _queue;
    private WaitOperation<T>? _get;
    private T _item = default!;
    private bool _hasItem;

    internal QueueReceiver(AsyncQueue<T> queue) => _queue = queue;

    /// <summary>The item the last <see cref="Receive"/> took.</summary>
    /// <exception cref="InvalidStateException">No receive has completed since the last <see cref="Receive"/> call.</exception>
    public T Item
    {
        get
        {
            if (_hasItem)
            {
                return _item;
            }

            if (_get is { Done: true } get)
            {
                // Rethrows a failed receive's exception (QueueShutDownException), as Get()'s Result does.
                _item = get.Result;
                _hasItem = true;
                return _item;
            }

            throw new InvalidStateException("No item received yet: yield the result of Receive() first.");
        }
    }

    /// <summary>Takes the next item, waiting while the queue is empty: <c>yield return inbox.Receive();</c>, then read
    /// <see cref="Item"/>. Raises at the <c>yield return</c> what <see cref="AsyncQueue{T}.Get"/> would.</summary>
    /// <exception cref="InvalidOperationException">The previous receive has not finished.</exception>
    public Yield Receive()
    {
        if (_get is { Done: false })
        {
            throw new InvalidOperationException("The previous Receive() has not finished: yield each receive once, right after the call.");
        }

        _hasItem = false;
        if (!_queue.Empty)
        {
            _item = _queue.GetNowait();
            _hasItem = true;
            return Yield.Ready;
        }

        _get ??= _queue.NewGetOperation();
        return _get.Reuse();
    }
}
