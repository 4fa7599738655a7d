using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coroutines;

// Telemetry hooks (see CoroutineTelemetry). The hot paths call in here only behind CoroutineTelemetry.TasksEnabled /
// LoopEnabled, so a loop nobody listens to pays a few field reads per task and per iteration, nothing else.
public sealed partial class EventLoop
{
    private static readonly object s_observedLock = new();
    private static readonly List<WeakReference<EventLoop>> s_observed = new();

    // Activities of the tasks started while an ActivityListener was sampling; loop-bound like everything else.
    private Dictionary<CoroutineTask, Activity>? _taskActivities;
    private bool _observed;

    /// <summary>The task's activity while one is recorded for it (a field test when no listener ever sampled).</summary>
    internal Activity? ActivityOf(CoroutineTask task) =>
        _taskActivities is { Count: > 0 } activities && activities.TryGetValue(task, out Activity? activity) ? activity : null;

    /// <summary>Activities are still open: their tasks must report done even after the listener went away.</summary>
    internal bool HasTaskActivities => _taskActivities is { Count: > 0 };

    private void OnTaskStartedTelemetry(CoroutineTask task)
    {
        CoroutineTelemetry.TasksStarted.Add(1);
        if (!CoroutineTelemetry.Source.HasListeners())
        {
            return;
        }

        Activity? activity = CoroutineTelemetry.Source.CreateActivity(CoroutineTelemetry.TaskActivityName, ActivityKind.Internal);
        if (activity is null)
        {
            return; // no listener samples it
        }

        // Its parent is the ambient activity: inside a task's step, the creating task's (asyncio's context copy at
        // task creation, which is how OpenTelemetry's asyncio spans nest).
        activity.DisplayName = task.Name;
        activity.SetTag("coroutine.task.name", task.Name);
        activity.SetTag("coroutine.name", task.Root.Name);

        // Start and Stop move Activity.Current; tasks interleave on one thread, so keep the ambient one as it was.
        Activity? ambient = Activity.Current;
        activity.Start();
        Activity.Current = ambient;
        (_taskActivities ??= new Dictionary<CoroutineTask, Activity>(ReferenceEqualityComparer.Instance))[task] = activity;
    }

    internal void OnTaskDoneTelemetry(CoroutineTask task)
    {
        string outcome;
        if (!task.Done)
        {
            outcome = "destroyed";
        }
        else if (task.Cancelled)
        {
            outcome = "cancelled";
            CoroutineTelemetry.TasksCancelled.Add(1);
        }
        else if (task.ExceptionInfo is not null)
        {
            outcome = "faulted";
            CoroutineTelemetry.TasksFaulted.Add(1);
        }
        else
        {
            outcome = "completed";
            CoroutineTelemetry.TasksCompleted.Add(1);
        }

        if (_taskActivities is null || !_taskActivities.Remove(task, out Activity? activity))
        {
            return;
        }

        activity.SetTag("coroutine.task.outcome", outcome);
        if (outcome == "faulted")
        {
            // ExceptionInfo, not Exception: reading Exception would mark the failure retrieved.
            Exception error = task.ExceptionInfo!.SourceException;
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("exception.type", error.GetType().FullName);
            activity.SetTag("exception.message", error.Message);
        }

        Activity? ambient = Activity.Current;
        activity.Stop();
        Activity.Current = ambient;
    }

    /// <summary>Once per iteration while a loop instrument is enabled: record lag, and make the loop observable.</summary>
    private void OnIterationTelemetry()
    {
        if (!_observed)
        {
            _observed = true;
            lock (s_observedLock)
            {
                s_observed.RemoveAll(static w => !w.TryGetTarget(out EventLoop? loop) || loop.IsClosed);
                s_observed.Add(new WeakReference<EventLoop>(this));
            }
        }

        if (CoroutineTelemetry.LoopLag.Enabled && _timers.TryPeek(out double when))
        {
            // Due by the same rule MoveDueTimersToReady applies; a timer not yet due is not late.
            double lag = Time() - when;
            if (lag >= -_clockResolution)
            {
                CoroutineTelemetry.LoopLag.Record(Math.Max(0, lag));
            }
        }
    }

    // Observable instruments run on the collecting thread: they read two ints per loop, racy but never torn.
    internal static int ObserveReadyQueueLength() => SumOverObservedLoops(static loop => loop._ready.Count);

    internal static int ObservePendingTasks() => SumOverObservedLoops(static loop => loop._pendingCount);

    private static int SumOverObservedLoops(Func<EventLoop, int> read)
    {
        int sum = 0;
        lock (s_observedLock)
        {
            foreach (WeakReference<EventLoop> weak in s_observed)
            {
                if (weak.TryGetTarget(out EventLoop? loop) && !loop.IsClosed)
                {
                    sum += read(loop);
                }
            }
        }

        return sum;
    }
}
