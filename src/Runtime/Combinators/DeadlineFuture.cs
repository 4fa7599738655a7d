namespace Coroutines;

/// <summary>
/// Mirrors an inner future (usually the task running a coroutine) but gives up at a deadline: the inner work is
/// cancelled, its unwinding is awaited, and this fails with <see cref="TimeoutException"/>. Cancelling this from
/// outside cancels the inner work and, once it has unwound, ends cancelled — never as a timeout.
/// </summary>
/// <remarks>Shared by <see cref="Co.WaitFor{T}(Coroutine{T}, double?)"/> and <see cref="TimeoutScope"/>.</remarks>
internal sealed class DeadlineFuture<T> : Future<T>
{
    private readonly Future _inner;
    private readonly Action _expire;
    private TimerHandle? _timer;
    private bool _cancelledFromOutside;
    private string? _outsideMessage;

    public DeadlineFuture(EventLoop loop, Future inner)
        : base(loop)
    {
        _inner = inner;
        _expire = Expire;
        inner.AddDoneCallback(OnInnerDone);
    }

    public bool Expired { get; private set; }

    /// <summary>Sets the deadline (loop time), replacing any earlier one; null removes it; a past one expires on the next iteration.</summary>
    public void Reschedule(double? when)
    {
        _timer?.Cancel();
        _timer = null;
        if (when is not double at || Done || _inner.Done)
        {
            return;
        }

        _timer = at <= Loop.Time() ? WrapSoon(Loop.CallSoon(_expire)) : Loop.CallAt(at, _expire);
    }

    /// <summary>wait_for with a zero or negative timeout: cancel before the work runs at all.</summary>
    public void ExpireNow() => Expire();

    public override bool Cancel(string? message = null)
    {
        if (Done)
        {
            return false;
        }

        _cancelledFromOutside = true;
        _outsideMessage = message;
        _timer?.Cancel();
        if (!_inner.Cancel(message) && _inner.Done)
        {
            return base.Cancel(message);
        }

        return true;
    }

    private TimerHandle? WrapSoon(Handle soon)
    {
        // A handle from CallSoon is not a TimerHandle; keep it cancellable through a zero-delay timer instead.
        soon.Cancel();
        return Loop.CallAt(Loop.Time(), _expire);
    }

    private void Expire()
    {
        if (Done || _inner.Done)
        {
            return;
        }

        Expired = true;
        _inner.Cancel();
    }

    private void OnInnerDone(Future inner)
    {
        _timer?.Cancel();
        if (Done)
        {
            if (!inner.Cancelled)
            {
                inner.MarkRetrieved();
            }

            return;
        }

        if (_cancelledFromOutside)
        {
            if (!inner.Cancelled)
            {
                inner.MarkRetrieved();
            }

            CompleteCancelled(_outsideMessage);
        }
        else if (Expired && inner.Cancelled)
        {
            SetException(new TimeoutException("The operation timed out."));
        }
        else
        {
            Awaitables.CopyOutcome(inner, this);
        }
    }
}
