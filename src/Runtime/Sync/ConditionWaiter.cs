namespace Coroutines.Sync;

/// <summary>
/// What a task waiting in <see cref="AsyncCondition.Wait"/> parks on: it completes only once the condition's lock
/// is held again, whether the wait ended by a notification or by a cancellation.
/// </summary>
/// <remarks>
/// <para>asyncio's <c>Condition.wait</c> re-acquires the lock in a <c>finally</c> block, suspending there if it must,
/// so that the caller always holds the lock when <c>wait</c> returns or raises. A template cannot suspend while it
/// unwinds (a cancelled task raises at its suspension point and runs its <c>finally</c> blocks at once), so the
/// re-acquisition happens before the task resumes instead: this future stays pending across both phases.</para>
/// <para>States: queued on the condition (until notified or cancelled) → queued on the lock (until the lock grants
/// it, at which point it takes the lock) → done. A cancellation never completes it early: it is recorded, the
/// waiter leaves the condition's queue for the lock's, and the future ends cancelled once the lock is held.</para>
/// </remarks>
internal sealed class ConditionWaiter : Future
{
    private readonly AsyncCondition _condition;
    private readonly AsyncLock _lock;
    private LinkedListNode<Future>? _lockNode;
    private bool _cancelRequested;
    private string? _cancelMessage;

    public ConditionWaiter(EventLoop loop, AsyncCondition condition, AsyncLock @lock)
        : base(loop)
    {
        _condition = condition;
        _lock = @lock;
    }

    /// <summary>Its node in the condition's queue while it waits for a notification.</summary>
    internal LinkedListNode<ConditionWaiter>? ConditionNode { get; set; }

    /// <summary>Defers the cancellation until the lock is held again; returns <see langword="false"/> once done.</summary>
    public override bool Cancel(string? message = null)
    {
        Loop.CheckThread();
        if (Done)
        {
            return false;
        }

        if (!_cancelRequested)
        {
            _cancelRequested = true;
            _cancelMessage = message;
        }

        if (ConditionNode is not null)
        {
            _condition.RemoveWaiter(ConditionNode);
            ConditionNode = null;
            QueueForLock();
        }

        return true;
    }

    /// <summary>Called by a notify after it removed this waiter from the condition's queue.</summary>
    internal void Notified()
    {
        ConditionNode = null;
        QueueForLock();
    }

    /// <summary>Called by the lock when this waiter's turn comes: it takes the lock and completes.</summary>
    internal void GrantLock()
    {
        _lock.TakeFor(_lockNode!);
        _lockNode = null;
        Complete();
    }

    private void QueueForLock()
    {
        if (_lock.TryTake())
        {
            Complete();
            return;
        }

        _lockNode = _lock.EnqueueConditionWaiter(this);
    }

    private void Complete()
    {
        if (_cancelRequested)
        {
            CompleteCancelled(_cancelMessage);
        }
        else
        {
            CompleteWithSuccess();
        }
    }
}
