using Coroutines.Internal;

namespace Coroutines;

/// <summary>A callback scheduled with <see cref="EventLoop.CallLater(double, Action)"/> or <see cref="EventLoop.CallAt"/>.
/// <see cref="Cancel"/> is O(1) and releases the callback at once.</summary>
public sealed class TimerHandle : Handle, ITimerTarget
{
    private readonly EventLoop _loop;
    private bool _inHeap;

    internal TimerHandle(EventLoop loop, Action callback, double when)
        : base(callback)
    {
        _loop = loop;
        When = when;
        _inHeap = true;
    }

    /// <summary>The loop time at which it runs.</summary>
    public double When { get; }

    /// <summary>Prevents the callback from running, if it has not run yet.</summary>
    public override void Cancel()
    {
        if (Cancelled)
        {
            return;
        }

        base.Cancel();
        if (_inHeap)
        {
            _inHeap = false;
            _loop.NoteTimerCancelled();
        }
    }

    bool ITimerTarget.IsTimerLive(int token) => !Cancelled;

    void ITimerTarget.OnTimerDue(EventLoop loop)
    {
        _inHeap = false;
        loop.EnqueueReady(this);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"<TimerHandle {(Cancelled ? "cancelled " : string.Empty)}when={When}>");
}
