using Coroutines.Internal;

namespace Coroutines;

/// <summary>A callback scheduled with <see cref="EventLoop.CallLater(double, Action)"/> or <see cref="EventLoop.CallAt"/>.
/// <see cref="Cancel"/> is O(1) and releases the callback at once.</summary>
public sealed class TimerHandle : Handle
{
    private readonly EventLoop _loop;

    internal TimerHandle(EventLoop loop, Action callback)
        : base(callback)
    {
        _loop = loop;
        Entry = new TimerEntryForHandle(this);
    }

    internal TimerEntry Entry { get; }

    /// <summary>The loop time at which it runs.</summary>
    public double When => Entry.When;

    /// <summary>Prevents the callback from running, if it has not run yet.</summary>
    public override void Cancel()
    {
        if (!Cancelled)
        {
            _loop.CancelTimer(Entry);
            base.Cancel();
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"<TimerHandle {(Cancelled ? "cancelled " : string.Empty)}when={When}>");

    private sealed class TimerEntryForHandle : TimerEntry
    {
        private TimerHandle? _handle;

        public TimerEntryForHandle(TimerHandle handle) => _handle = handle;

        public override void Run()
        {
            if (!IsCancelled && _handle is IRunnable runnable)
            {
                runnable.Run();
            }
        }

        // A cancelled entry may wait in the heap until compaction: let the handle and its closure go now.
        protected internal override void ReleaseReferences() => _handle = null;
    }
}
