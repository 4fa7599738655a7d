namespace Coroutines;

public sealed partial class EventLoop
{
    // Posts from other threads: a locked list swapped out whole by the loop, and an event that wakes a
    // loop blocked in WaitForWork at once. Cold path compared to the ready queue.
    private readonly object _inboxLock = new();
    private readonly ManualResetEventSlim _inboxSignal = new(false);
    private List<Action> _inbox = new();
    private List<Action> _inboxSpare = new();
    private int _externalWork;

    // Set (under the lock) with every post or report from another thread, so the loop's iteration checks one field
    // instead of taking the lock twice: with few tasks ready, those locks were most of an iteration (pingpong).
    private volatile bool _hasPosts;

    /// <summary>Schedules <paramref name="callback"/> from any thread and wakes the loop if it is waiting.</summary>
    public void CallSoonThreadsafe(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!TryCallSoonThreadsafe(callback))
        {
            throw new InvalidOperationException("Event loop is closed.");
        }
    }

    /// <summary><see cref="CallSoonThreadsafe"/>, or <see langword="false"/> when the loop is closed.</summary>
    internal bool TryCallSoonThreadsafe(Action callback)
    {
        lock (_inboxLock)
        {
            if (IsClosed)
            {
                return false;
            }

            _inbox.Add(callback);
            _hasPosts = true;
        }

        _inboxSignal.Set();
        return true;
    }

    /// <summary>Counts work outside the loop (a Task, an executor job) that will post back: a virtual clock does not
    /// jump while any is pending.</summary>
    internal void BeginExternalWork() => Interlocked.Increment(ref _externalWork);

    internal void EndExternalWork() => Interlocked.Decrement(ref _externalWork);

    private bool HasInboxWork
    {
        get
        {
            lock (_inboxLock)
            {
                return _inbox.Count > 0 || _pendingReports.Count > 0;
            }
        }
    }

    private void WaitOnInbox(TimeSpan timeout)
    {
        _inboxSignal.Wait(timeout);
    }

    private void DrainInbox()
    {
        List<Action> posted;
        lock (_inboxLock)
        {
            if (_inbox.Count == 0)
            {
                return;
            }

            posted = _inbox;
            _inbox = _inboxSpare;
            _inboxSpare = posted;
            _hasPosts = _pendingReports.Count > 0;
            _inboxSignal.Reset();
        }

        foreach (Action callback in posted)
        {
            _ready.Enqueue(new Handle(callback));
        }

        posted.Clear();
    }

    private void CloseInbox()
    {
        lock (_inboxLock)
        {
            _inbox.Clear();
        }
    }
}
