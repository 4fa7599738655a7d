using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A FIFO queue for producer and consumer coroutines on one loop (asyncio's <c>Queue</c>), optionally bounded.
/// <code>
/// yield return q.Put(item);          // waits while the queue is full
/// var get = q.Get();
/// yield return get;                  // waits while the queue is empty
/// var next = get.Result;
/// q.TaskDone();
/// </code>
/// </summary>
/// <remarks>
/// <para>Waiting follows asyncio exactly: a put wakes the first waiting getter, which takes an item when it resumes
/// (or waits again if another task took it first); a get wakes the first waiting putter the same way. Waiters are
/// woken in FIFO order.</para>
/// <para>Cancellation: a getter or putter cancelled while queued leaves without a trace. One that had already
/// been woken when its cancellation arrived passes the wake-up on to the next waiter, so no item or free slot is
/// left unclaimed.</para>
/// <para>Shutdown (Python 3.13's <c>Queue.shutdown</c>): see <see cref="Shutdown(bool)"/>.</para>
/// <para>Invariants: <see cref="Count"/> never exceeds a non-zero <see cref="MaxSize"/> through <see cref="Put"/> or
/// <see cref="PutNowait"/>; the unfinished-task counter is the number of items put minus <see cref="TaskDone"/>
/// calls (minus items discarded by an immediate shutdown) and <see cref="Join"/> blocks while it is positive.</para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public class AsyncQueue<T>
{
    private readonly Queue<T>? _items;
    private readonly WaitList<T> _getters = new();
    private readonly WaitList<bool> _putters = new();
    private readonly AsyncEvent _finished = new();
    private readonly string _getName;
    private readonly string _putName;
    private LoopBinding _binding;
    private SpareWaits<bool> _sparePuts;
    private int _unfinishedTasks;
    private bool _isShutdown;

    /// <summary>Creates a queue holding at most <paramref name="maxSize"/> items; 0 (or less) means unbounded.</summary>
    /// <param name="maxSize">The bound, or 0 for none.</param>
    public AsyncQueue(int maxSize = 0)
        : this(maxSize, ownStorage: true)
    {
    }

    private protected AsyncQueue(int maxSize, bool ownStorage)
    {
        MaxSize = maxSize;
        _items = ownStorage ? new Queue<T>() : null;
        string typeName = GetType().Name.Split('`')[0];
        _getName = typeName + ".Get";
        _putName = typeName + ".Put";
        _finished.Set();
    }

    /// <summary>The bound given at construction; 0 (or less) means unbounded.</summary>
    public int MaxSize { get; }

    /// <summary>The number of items in the queue.</summary>
    public int Count => _items is { } items ? items.Count : StoredCount;

    /// <summary><see langword="true"/> when the queue holds no item.</summary>
    public bool Empty => Count == 0;

    /// <summary><see langword="true"/> when a bounded queue holds <see cref="MaxSize"/> items; never for an unbounded one.</summary>
    public bool Full => MaxSize > 0 && Count >= MaxSize;

    /// <summary><see langword="true"/> once <see cref="Shutdown(bool)"/> was called.</summary>
    public bool IsShutdown => _isShutdown;

    /// <summary>How many tasks wait in <see cref="Get"/> (cancelled ones included until they resume).</summary>
    internal int GetterCount => _getters.Count;

    /// <summary>How many tasks wait in <see cref="Put"/> (cancelled ones included until they resume).</summary>
    internal int PutterCount => _putters.Count;

    internal int UnfinishedTasks => _unfinishedTasks;

    private protected virtual int StoredCount => _items!.Count;

    /// <summary>
    /// Puts <paramref name="item"/> in the queue, waiting while it is full: <c>yield return q.Put(item);</c>. With
    /// room free the item is added at once and the task continues without suspending.
    /// </summary>
    /// <remarks>Raises (at the <c>yield return</c>) <see cref="QueueShutDownException"/> if the queue is shut down,
    /// also while waiting; a cancelled putter raises <see cref="CancelledException"/> and adds nothing.</remarks>
    public Yield Put(T item)
    {
        if (!_isShutdown && !Full)
        {
            PutNowait(item);
            return Yield.Ready;
        }

        // A finished put's operation serves the next waiting puts (pingpong benchmark: allocation per message).
        var put = (PutOperation)(_sparePuts.Take() ?? new PutOperation(this));
        put.Item = item;
        return put.Reuse();
    }

    /// <summary>Puts <paramref name="item"/> in the queue without waiting and wakes the first waiting getter.</summary>
    /// <exception cref="QueueFullException">A bounded queue is full.</exception>
    /// <exception cref="QueueShutDownException">The queue is shut down.</exception>
    public void PutNowait(T item)
    {
        if (_isShutdown)
        {
            throw new QueueShutDownException();
        }

        if (Full)
        {
            throw new QueueFullException();
        }

        if (_items is { } items)
        {
            items.Enqueue(item); // the plain FIFO without a virtual call (pingpong benchmark)
        }
        else
        {
            Store(item);
        }

        _unfinishedTasks++;
        _finished.Clear();
        WakeUpNext(_getters);
    }

    /// <summary>
    /// Removes and returns an item, waiting while the queue is empty. Yield it, then read the item:
    /// <c>var get = q.Get(); yield return get; var item = get.Result;</c>. It runs when yielded; with an item
    /// available it completes without suspending and without allocating a waiter future.
    /// </summary>
    /// <remarks>Raises (at the <c>yield return</c>) <see cref="QueueShutDownException"/> once the queue is shut down
    /// and empty (at once after an immediate shutdown); a cancelled getter raises <see cref="CancelledException"/>
    /// and takes nothing.</remarks>
    public Coroutine<T> Get() => new GetOperation(this);

    /// <summary>A reusable get for a consumer loop that allocates nothing per item (see <see cref="QueueReceiver{T}"/>).</summary>
    public QueueReceiver<T> Receiver() => new(this);

    internal WaitOperation<T> NewGetOperation() => new GetOperation(this);

    /// <summary>Removes and returns an item without waiting and wakes the first waiting putter.</summary>
    /// <exception cref="QueueEmptyException">The queue is empty.</exception>
    /// <exception cref="QueueShutDownException">The queue is empty and shut down.</exception>
    public T GetNowait()
    {
        if (Empty)
        {
            if (_isShutdown)
            {
                throw new QueueShutDownException();
            }

            throw new QueueEmptyException();
        }

        T item = _items is { } items ? items.Dequeue() : Take();
        WakeUpNext(_putters);
        return item;
    }

    /// <summary>
    /// Marks one item taken with <see cref="Get"/> as processed; when every item put has been processed,
    /// <see cref="Join"/> waiters resume.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called more times than items were put (asyncio's <c>ValueError</c>).</exception>
    public void TaskDone()
    {
        if (_unfinishedTasks <= 0)
        {
            throw new InvalidOperationException("TaskDone() called too many times.");
        }

        _unfinishedTasks--;
        if (_unfinishedTasks == 0)
        {
            _finished.Set();
        }
    }

    /// <summary>
    /// Waits until every item put has been processed (<see cref="TaskDone"/> called for it):
    /// <c>yield return q.Join();</c>. Continues without suspending when nothing is unfinished.
    /// </summary>
    public Yield Join() => _unfinishedTasks > 0 ? _finished.Wait() : Yield.Ready;

    /// <summary>
    /// Shuts the queue down (Python 3.13): puts raise <see cref="QueueShutDownException"/> from now on, and gets
    /// raise it once the queue is empty. With <paramref name="immediate"/> the remaining items are discarded, each
    /// counted as done (which may release <see cref="Join"/>), so gets raise at once. Every blocked putter and
    /// getter is woken: putters raise, getters take a remaining item or raise.
    /// </summary>
    /// <param name="immediate">Discard the items left and make gets raise at once.</param>
    public void Shutdown(bool immediate = false)
    {
        _isShutdown = true;
        if (immediate)
        {
            while (!Empty)
            {
                Take();
                if (_unfinishedTasks > 0)
                {
                    _unfinishedTasks--;
                }
            }

            if (_unfinishedTasks == 0)
            {
                _finished.Set();
            }
        }

        while (_getters.Dequeue() is { } getter)
        {
            if (!getter.IsDone)
            {
                getter.Wake();
            }
        }

        while (_putters.Dequeue() is { } putter)
        {
            if (!putter.IsDone)
            {
                putter.Wake();
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string text = $"<{GetType().Name.Split('`')[0]} maxsize={MaxSize}";
        if (!Empty)
        {
            text += $" count={Count}";
        }

        if (_getters.Count > 0)
        {
            text += $" _getters[{_getters.Count}]";
        }

        if (_putters.Count > 0)
        {
            text += $" _putters[{_putters.Count}]";
        }

        if (_unfinishedTasks > 0)
        {
            text += $" tasks={_unfinishedTasks}";
        }

        return text + (_isShutdown ? " shutdown>" : ">");
    }

    /// <summary>Adds an item to the storage (asyncio's <c>_put</c>).</summary>
    private protected virtual void Store(T item) => _items!.Enqueue(item);

    /// <summary>Removes the next item from the storage (asyncio's <c>_get</c>).</summary>
    private protected virtual T Take() => _items!.Dequeue();

    /// <summary>Pops waiters until one that is not done, and wakes it (asyncio's <c>_wakeup_next</c>).</summary>
    private static void WakeUpNext<TResult>(WaitList<TResult> waiters)
    {
        while (waiters.Dequeue() is { } waiter)
        {
            if (!waiter.IsDone)
            {
                waiter.Wake();
                break;
            }
        }
    }

    /// <summary>asyncio's <c>put()</c> after the fast path: wait while full, then put.</summary>
    private sealed class PutOperation : WaitOperation<bool>
    {
        private readonly AsyncQueue<T> _queue;

        public PutOperation(AsyncQueue<T> queue) => _queue = queue;

        public T Item { get; set; } = default!;

        public override string Name => _queue._putName;

        protected override bool Step(bool resumed, out bool result)
        {
            // A woken putter was dequeued by its waker; it re-tests, as asyncio's while loop does.
            AsyncQueue<T> queue = _queue;
            result = true;
            if (queue.Full)
            {
                if (queue._isShutdown)
                {
                    throw new QueueShutDownException();
                }

                queue._binding.Bind(queue, RunningLoop);
                ParkIn(queue._putters);
                return true;
            }

            queue.PutNowait(Item);
            return false;
        }

        protected override void OnFinished()
        {
            Item = default!;
            _queue._sparePuts.Keep(this);
        }

        protected override void Abandon(bool wasWoken)
        {
            AsyncQueue<T> queue = _queue;
            queue._putters.Remove(this);

            // Woken for a free slot, then cancelled: the slot goes to the next putter.
            if (wasWoken && !queue.Full)
            {
                WakeUpNext(queue._putters);
            }
        }
    }

    /// <summary>asyncio's <c>get()</c>: wait while empty, then take an item. With an item there it never parks.</summary>
    private sealed class GetOperation : WaitOperation<T>
    {
        private readonly AsyncQueue<T> _queue;

        public GetOperation(AsyncQueue<T> queue) => _queue = queue;

        public override string Name => _queue._getName;

        protected override bool Step(bool resumed, out T result)
        {
            AsyncQueue<T> queue = _queue;
            if (queue.Empty)
            {
                if (queue._isShutdown)
                {
                    throw new QueueShutDownException();
                }

                queue._binding.Bind(queue, RunningLoop);
                ParkIn(queue._getters);
                result = default!;
                return true;
            }

            result = queue.GetNowait();
            return false;
        }

        protected override void Abandon(bool wasWoken)
        {
            AsyncQueue<T> queue = _queue;
            queue._getters.Remove(this);

            // Woken for an item, then cancelled: the item goes to the next getter.
            if (wasWoken && !queue.Empty)
            {
                WakeUpNext(queue._getters);
            }
        }
    }
}
