using Coroutines.Internal;

namespace Coroutines;

public sealed partial class EventLoop
{
    private readonly TimeProvider _timeProvider;
    private readonly VirtualTimeProvider? _virtualTime;
    private readonly long _startTimestamp;
    private readonly double _clockResolution;
    private readonly TimerHeap _timers = new();

    /// <summary>Monotonic loop time in seconds, read from the loop's <see cref="TimeProvider"/>.</summary>
    public double Time() => (_timeProvider.GetTimestamp() - _startTimestamp) / (double)_timeProvider.TimestampFrequency;

    /// <summary>Schedules <paramref name="callback"/> to run once, at least <paramref name="delaySeconds"/> from now.</summary>
    public TimerHandle CallLater(double delaySeconds, Action callback) => CallAt(Time() + delaySeconds, callback);

    /// <summary>Schedules <paramref name="callback"/> to run once, at least <paramref name="delay"/> from now.</summary>
    public TimerHandle CallLater(TimeSpan delay, Action callback) => CallLater(delay.TotalSeconds, callback);

    /// <summary>Schedules <paramref name="callback"/> to run at loop time <paramref name="when"/> (see <see cref="Time"/>).
    /// Timers due at the same time run in the order they were scheduled.</summary>
    public TimerHandle CallAt(double when, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (double.IsNaN(when))
        {
            throw new ArgumentOutOfRangeException(nameof(when), "Timer time must be a number.");
        }

        CheckThread();
        ThrowIfClosed();
        var handle = new TimerHandle(this, callback, when);
        _timers.Add(handle, when);
        return handle;
    }

    /// <summary>Timers in the heap, live and cancelled (for tests of the no-residue rule).</summary>
    internal int TimerHeapCount => _timers.Count;

    /// <returns>The node's token: the target's timer is live while <see cref="ITimerTarget.IsTimerLive"/> says so for it.</returns>
    internal int AddTimer(ITimerTarget target, double when, float delay = 0) => _timers.Add(target, when, delay);

    /// <summary>What a target's live timer was set for (introspection only: a linear scan).</summary>
    internal float? FindTimerDelay(ITimerTarget target, int token) => _timers.FindDelay(target, token);

    /// <summary>A target invalidated a node it still has in the heap.</summary>
    internal void NoteTimerCancelled() => _timers.NoteCancelled();

    private void MoveDueTimersToReady()
    {
        // No clock read when no timer is pending: the clock is a virtual call, and pingpong-like loops never time.
        if (!_timers.TryPeek(out double when))
        {
            return;
        }

        double end = Time() + _clockResolution;
        while (when <= end)
        {
            _timers.Pop().OnTimerDue(this);
            if (!_timers.TryPeek(out when))
            {
                return;
            }
        }
    }

    /// <summary>Nothing is ready: block until the next timer or an inbox post; a virtual clock jumps instead.</summary>
    private void WaitForWork()
    {
        bool hasTimer = _timers.TryPeek(out double next);
        if (_virtualTime is not null && Volatile.Read(ref _externalWork) == 0 && !HasInboxWork)
        {
            if (!hasTimer)
            {
                throw new InvalidOperationException(
                    "Deadlock on a virtual-time loop: nothing is ready, no timer is pending and no outside work " +
                    "(Task, executor) can wake it. Every task waits on something that will never happen.");
            }

            _virtualTime.AdvanceTo(_startTimestamp, next);
            return;
        }

        if (_virtualTime is not null)
        {
            // Outside work is pending: virtual time stands still until it reports back.
            WaitOnInbox(Timeout.InfiniteTimeSpan);
            return;
        }

        TimeSpan timeout = !hasTimer
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromSeconds(Math.Max(0, next - Time()));
        if (timeout != TimeSpan.Zero)
        {
            WaitOnInbox(timeout);
        }
    }
}
