using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Diagnostics;

/// <summary>The meter and the activity source are process-wide: these tests run alone, not beside other tests.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection
{
}

[Collection(nameof(TelemetryCollection))]
public partial class TelemetryTests
{
    [Coroutine]
    private static IEnumerable<Yield<int>> Work(double seconds, int value)
    {
        yield return Sleep(seconds);
        yield return Return(value);
    }

    [Coroutine]
    private static IEnumerable<Yield> Forever()
    {
        while (true)
        {
            yield return Sleep(10);
        }
    }

    [Coroutine]
    private static IEnumerable<Yield> Fails(double seconds)
    {
        yield return Sleep(seconds);
        throw new InvalidDataException("broken");
    }

    // Three tasks complete, one is cancelled, one faults; the main task completes too.
    [Coroutine]
    private static IEnumerable<Yield<int>> Mixed()
    {
        var a = CreateTask(WorkAsync(1, 1), "work-1");
        var b = CreateTask(WorkAsync(2, 2), "work-2");
        var c = CreateTask(WorkAsync(3, 3), "work-3");
        var forever = CreateTask(ForeverAsync(), "forever");
        var failing = CreateTask(FailsAsync(1.5), "fails");
        yield return Settle(failing);
        forever.Cancel();
        yield return Settle(forever);
        yield return Gather(a, b, c);
        yield return Return(a.Result + b.Result + c.Result + (failing.Exception is InvalidDataException ? 100 : 0));
    }

    [Fact]
    public void Counters_count_started_completed_cancelled_and_faulted_tasks_exactly()
    {
        using var meter = new MeterRecorder();
        var loop = EventLoop.CreateVirtual();
        int result = loop.RunUntilComplete(MixedAsync());
        loop.Close();

        Assert.Equal(106, result);
        Assert.Equal(6, meter.Sum("coroutines.tasks.started"));
        Assert.Equal(4, meter.Sum("coroutines.tasks.completed"));
        Assert.Equal(1, meter.Sum("coroutines.tasks.cancelled"));
        Assert.Equal(1, meter.Sum("coroutines.tasks.faulted"));
        Assert.Equal(0, meter.Sum("coroutines.loop.slow_callbacks"));
    }

    [Fact]
    public void A_task_destroyed_by_close_is_neither_completed_nor_cancelled_nor_faulted()
    {
        using var meter = new MeterRecorder();
        using var activities = new ActivityRecorder();
        var loop = EventLoop.CreateVirtual();
        loop.SetExceptionHandler((_, _) => { });
        loop.CreateTask(ForeverAsync(), "left-behind");
        loop.RunUntilComplete(WorkAsync(1, 1));
        loop.Close();

        Assert.Equal(2, meter.Sum("coroutines.tasks.started"));
        Assert.Equal(1, meter.Sum("coroutines.tasks.completed"));
        Assert.Equal(0, meter.Sum("coroutines.tasks.cancelled") + meter.Sum("coroutines.tasks.faulted"));
        Activity destroyed = Assert.Single(activities.Stopped, a => a.DisplayName == "left-behind");
        Assert.Equal("destroyed", destroyed.GetTagItem("coroutine.task.outcome"));
    }

    [Fact]
    public void Every_task_gets_one_activity_from_start_to_done_with_its_name_and_outcome()
    {
        using var activities = new ActivityRecorder();
        Activity? ambientBefore = Activity.Current;
        var loop = EventLoop.CreateVirtual();
        loop.RunUntilComplete(MixedAsync());
        loop.Close();

        Assert.Same(ambientBefore, Activity.Current);
        Assert.Equal(6, activities.Started.Count);
        Assert.Equal(6, activities.Stopped.Count);
        Assert.All(activities.Stopped, a => Assert.Equal(CoroutineTelemetry.TaskActivityName, a.OperationName));
        var outcomes = activities.Stopped.ToDictionary(a => (string)a.GetTagItem("coroutine.task.name")!, a => (string)a.GetTagItem("coroutine.task.outcome")!);
        Assert.Equal("completed", outcomes["work-1"]);
        Assert.Equal("completed", outcomes["work-2"]);
        Assert.Equal("completed", outcomes["work-3"]);
        Assert.Equal("cancelled", outcomes["forever"]);
        Assert.Equal("faulted", outcomes["fails"]);
        Assert.Equal("completed", outcomes.Single(o => o.Key.StartsWith("Task-", StringComparison.Ordinal)).Value);

        Activity failed = activities.Stopped.Single(a => a.DisplayName == "fails");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(InvalidDataException).FullName, failed.GetTagItem("exception.type"));
        Assert.Equal("Forever", activities.Stopped.Single(a => a.DisplayName == "forever").GetTagItem("coroutine.name"));
        // A task's activity is the ambient one while it steps, so the tasks the main task created are its children
        // (asyncio copies the context at task creation); the main task's parent is what was ambient outside the loop.
        Activity main = activities.Stopped.Single(a => ((string)a.GetTagItem("coroutine.task.name")!).StartsWith("Task-", StringComparison.Ordinal));
        Assert.Same(ambientBefore, main.Parent);
        Assert.All(activities.Stopped.Where(a => a != main), a => Assert.Same(main, a.Parent));
    }

    [Coroutine]
    private static IEnumerable<Yield> RecordAmbient(List<string?> seen)
    {
        seen.Add(Activity.Current?.DisplayName);
        yield return Sleep(1);
        seen.Add(Activity.Current?.DisplayName);
    }

    [Coroutine]
    private static IEnumerable<Yield> TwoRecorders(List<string?> seen)
    {
        CoroutineTask a = CreateTask(RecordAmbientAsync(seen), "a");
        CoroutineTask b = CreateTask(RecordAmbientAsync(seen), "b");
        yield return a;
        seen.Add(Activity.Current?.DisplayName);
        yield return b;
    }

    [Fact]
    public void While_a_task_steps_its_activity_is_current_and_the_ambient_one_returns_after()
    {
        using var activities = new ActivityRecorder();
        using var outside = new Activity("outside").Start();
        var seen = new List<string?>();
        var loop = EventLoop.CreateVirtual();
        loop.CreateTask(TwoRecordersAsync(seen), "main");
        loop.RunUntilComplete(loop.CreateTask(TwoRecordersAsync(new List<string?>()), "other"));
        loop.Close();

        Assert.Equal(new[] { "a", "b", "a", "b", "main" }, seen);
        Assert.Same(outside, Activity.Current);
    }

    [Coroutine]
    private static IEnumerable<Yield> SleepThenSignal(AsyncEvent started)
    {
        started.Set();
        yield return Sleep(5);
    }

    [Fact]
    public void A_listener_detached_while_tasks_run_still_gets_their_activities_stopped_and_the_loop_keeps_none()
    {
        var activities = new ActivityRecorder();
        var loop = EventLoop.CreateVirtual();
        var started = new AsyncEvent();
        CoroutineTask sleeper = loop.CreateTask(SleepThenSignalAsync(started), "sleeper");
        loop.RunUntilComplete(loop.CreateTask(FromIterator(WaitFor(started))));
        Assert.True(loop.HasTaskActivities);

        activities.Dispose();
        loop.RunUntilComplete(sleeper);
        loop.Close();

        // The listener is gone, so no ActivityStopped callback; the activity itself was stopped with its outcome.
        Assert.False(loop.HasTaskActivities);
        Activity activity = Assert.Single(activities.Started, a => a.DisplayName == "sleeper");
        Assert.True(activity.IsStopped);
        Assert.Equal("completed", activity.GetTagItem("coroutine.task.outcome"));
    }

    private static IEnumerable<Yield> WaitFor(AsyncEvent started)
    {
        yield return started.Wait();
    }

    [Fact]
    public void A_listener_that_does_not_sample_gets_no_activities_and_the_loop_keeps_none()
    {
        int started = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = ListensTo,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = _ => Interlocked.Increment(ref started),
        };
        ActivitySource.AddActivityListener(listener);
        var loop = EventLoop.CreateVirtual();
        Assert.Equal(106, loop.RunUntilComplete(MixedAsync()));
        loop.Close();
        Assert.Equal(0, started);
    }

    [Fact]
    public void Debug_mode_counts_a_slow_callback()
    {
        using var meter = new MeterRecorder();
        var loop = EventLoop.CreateVirtual();
        loop.Debug = true;
        loop.SlowCallbackDuration = TimeSpan.FromMilliseconds(1);
        loop.SetExceptionHandler((_, _) => { });
        loop.CallSoon(() =>
        {
            // Slow on purpose: the slow-callback check measures wall time, which a virtual clock cannot fake.
            var spin = Stopwatch.StartNew();
            while (spin.ElapsedMilliseconds < 5)
            {
            }
        });
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        loop.Close();
        Assert.Equal(1, meter.Sum("coroutines.loop.slow_callbacks"));
    }

    [Fact]
    public void Outside_debug_mode_a_slow_callback_is_not_counted()
    {
        using var meter = new MeterRecorder();
        var loop = EventLoop.CreateVirtual();
        loop.SlowCallbackDuration = TimeSpan.FromMilliseconds(1);
        loop.CallSoon(() =>
        {
            var spin = Stopwatch.StartNew();
            while (spin.ElapsedMilliseconds < 5)
            {
            }
        });
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        loop.Close();
        Assert.Equal(0, meter.Sum("coroutines.loop.slow_callbacks"));
    }

    [Fact]
    public void Loop_lag_records_how_late_each_iteration_reached_its_due_timer()
    {
        using var meter = new MeterRecorder();
        var clock = new VirtualTimeProvider();
        var loop = new EventLoop(clock);
        loop.CallLater(1, () => { });
        // At t=2 a callback "takes" 0.25 s of loop time: the timer due at t=2.1 is reached 0.15 s late.
        loop.CallLater(2, () => clock.Advance(TimeSpan.FromSeconds(0.25)));
        loop.CallLater(2.1, loop.Stop);
        loop.RunForever();
        loop.Close();

        double[] lags = meter.Values("coroutines.loop.lag");
        Assert.Equal(3, lags.Length);
        Assert.Equal(0, lags[0], 6);
        Assert.Equal(0, lags[1], 6);
        Assert.Equal(0.15, lags[2], 6);
    }

    [Coroutine]
    private static IEnumerable<Yield> Observe(MeterRecorder meter, List<(double Ready, double Pending)> seen)
    {
        CreateTask(WorkAsync(1, 1));
        CreateTask(WorkAsync(1, 2));
        CreateTask(WorkAsync(2, 3));
        meter.Listener.RecordObservableInstruments();
        seen.Add((meter.Last("coroutines.loop.ready_queue.length"), meter.Last("coroutines.tasks.pending")));
        yield return Sleep(1.5);
        meter.Listener.RecordObservableInstruments();
        seen.Add((meter.Last("coroutines.loop.ready_queue.length"), meter.Last("coroutines.tasks.pending")));
    }

    [Fact]
    public void Gauges_report_the_ready_queue_and_the_pending_tasks_of_running_loops()
    {
        using var meter = new MeterRecorder();
        var loop = EventLoop.CreateVirtual();
        var seen = new List<(double Ready, double Pending)>();
        loop.RunUntilComplete(ObserveAsync(meter, seen));
        loop.Close();

        // First: three new tasks wait in the ready queue; four tasks (with the observer) are pending.
        // At t=1.5: two finished, one sleeps; nothing else is ready while the observer runs.
        Assert.Equal(new[] { (3.0, 4.0), (0.0, 2.0) }, seen);
        meter.Listener.RecordObservableInstruments();
        Assert.Equal(0, meter.Last("coroutines.tasks.pending"));
    }

    [Fact]
    public void Without_listeners_the_gates_are_closed_and_no_activity_is_kept()
    {
        Assert.False(CoroutineTelemetry.TasksEnabled);
        Assert.False(CoroutineTelemetry.LoopEnabled);
        var loop = EventLoop.CreateVirtual();
        Assert.Equal(106, loop.RunUntilComplete(MixedAsync()));
        loop.Close();
    }

    /// <summary>
    /// By name, not by reference: a listener added before the first use of the runtime is asked about the source while
    /// <c>CoroutineTelemetry</c>'s static fields are still being initialised, when <c>CoroutineTelemetry.Source</c> is
    /// still null — the test then saw no activities whenever it was the first to touch the runtime (a flaky failure).
    /// </summary>
    internal static bool ListensTo(ActivitySource source) => source.Name == CoroutineTelemetry.ActivitySourceName;

    /// <summary>Collects the meter's measurements made on this test's thread (the loop runs on it).</summary>
    internal sealed class MeterRecorder : IDisposable
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private readonly List<(string Name, double Value)> _measurements = new();

        public MeterRecorder()
        {
            Listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == CoroutineTelemetry.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            Listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
            Listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument, value));
            Listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, value));
            Listener.Start();
        }

        public MeterListener Listener { get; }

        public double Sum(string name) => Values(name).Sum();

        public double Last(string name) => Values(name).Last();

        public double[] Values(string name)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Name == name).Select(m => m.Value).ToArray();
            }
        }

        public void Dispose() => Listener.Dispose();

        private void Add(Instrument instrument, double value)
        {
            if (Environment.CurrentManagedThreadId != _thread)
            {
                return;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value));
            }
        }
    }

    /// <summary>Records the source's activities started and stopped on this test's thread.</summary>
    private sealed class ActivityRecorder : IDisposable
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private readonly ActivityListener _listener;

        public ActivityRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = ListensTo,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStarted = a => Add(Started, a),
                ActivityStopped = a => Add(Stopped, a),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Started { get; } = new();

        public List<Activity> Stopped { get; } = new();

        public void Dispose() => _listener.Dispose();

        private void Add(List<Activity> list, Activity activity)
        {
            if (Environment.CurrentManagedThreadId == _thread)
            {
                list.Add(activity);
            }
        }
    }
}
