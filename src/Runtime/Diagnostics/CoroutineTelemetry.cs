using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Coroutines;

/// <summary>
/// The names under which the runtime reports to .NET's own diagnostics tools: a <see cref="Meter"/> and an
/// <see cref="ActivitySource"/>, both called <c>"Coroutines"</c>. Watch a running process with
/// <c>dotnet-counters monitor --counters Coroutines -p PID</c>; collect task lifetimes with any
/// <see cref="ActivityListener"/> (OpenTelemetry: <c>AddSource("Coroutines")</c>).
/// </summary>
/// <remarks>
/// Instruments (all on the meter <see cref="MeterName"/>):
/// <list type="bullet">
/// <item><c>coroutines.tasks.started</c>, <c>coroutines.tasks.completed</c>, <c>coroutines.tasks.cancelled</c>,
/// <c>coroutines.tasks.faulted</c>: counters of tasks created and of tasks finished, by outcome;</item>
/// <item><c>coroutines.tasks.pending</c>: tasks not yet done, summed over the running loops;</item>
/// <item><c>coroutines.loop.ready_queue.length</c>: callbacks and task steps waiting to run, summed over the
/// running loops (observable gauge);</item>
/// <item><c>coroutines.loop.lag</c>: how late, in seconds of loop time, each iteration got to its earliest due
/// timer (histogram);</item>
/// <item><c>coroutines.loop.slow_callbacks</c>: callbacks or task steps slower than
/// <see cref="EventLoop.SlowCallbackDuration"/>, counted in debug mode only (counter).</item>
/// </list>
/// The activity source starts one <see cref="Activity"/> per task, from creation to completion, named
/// <c>coroutine.task</c> with the tags <c>coroutine.task.name</c>, <c>coroutine.name</c> and, when it ends,
/// <c>coroutine.task.outcome</c> (<c>completed</c>, <c>cancelled</c>, <c>faulted</c>, or <c>destroyed</c> when
/// its loop closed under it). Nothing is recorded, allocated or called per task while no listener is attached:
/// the loop tests <see cref="Instrument.Enabled"/> and <see cref="ActivitySource.HasListeners"/>, a few field reads.
/// </remarks>
public static class CoroutineTelemetry
{
    /// <summary>The name of the runtime's <see cref="Meter"/>: <c>"Coroutines"</c>.</summary>
    public const string MeterName = "Coroutines";

    /// <summary>The name of the runtime's <see cref="ActivitySource"/>: <c>"Coroutines"</c>.</summary>
    public const string ActivitySourceName = "Coroutines";

    /// <summary>The operation name of the per-task activity.</summary>
    public const string TaskActivityName = "coroutine.task";

    private static readonly string? s_version = typeof(CoroutineTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly Meter Meter = new(MeterName, s_version);

    internal static readonly ActivitySource Source = new(ActivitySourceName, s_version);

    internal static readonly Counter<long> TasksStarted =
        Meter.CreateCounter<long>("coroutines.tasks.started", "{task}", "Tasks created on an event loop.");

    internal static readonly Counter<long> TasksCompleted =
        Meter.CreateCounter<long>("coroutines.tasks.completed", "{task}", "Tasks that finished with a result.");

    internal static readonly Counter<long> TasksCancelled =
        Meter.CreateCounter<long>("coroutines.tasks.cancelled", "{task}", "Tasks that ended cancelled.");

    internal static readonly Counter<long> TasksFaulted =
        Meter.CreateCounter<long>("coroutines.tasks.faulted", "{task}", "Tasks that ended with an exception.");

    internal static readonly Histogram<double> LoopLag =
        Meter.CreateHistogram<double>("coroutines.loop.lag", "s", "How late an iteration got to its earliest due timer.");

    internal static readonly Counter<long> SlowCallbacks =
        Meter.CreateCounter<long>("coroutines.loop.slow_callbacks", "{callback}",
            "Callbacks or task steps slower than EventLoop.SlowCallbackDuration (debug mode).");

    internal static readonly ObservableGauge<int> ReadyQueueLength =
        Meter.CreateObservableGauge("coroutines.loop.ready_queue.length", EventLoop.ObserveReadyQueueLength, "{callback}",
            "Callbacks and task steps waiting to run, summed over the running loops.");

    internal static readonly ObservableUpDownCounter<int> TasksPending =
        Meter.CreateObservableUpDownCounter("coroutines.tasks.pending", EventLoop.ObservePendingTasks, "{task}",
            "Tasks not yet done, summed over the running loops.");

    /// <summary>Whether anyone listens to task lifetimes: the gate the loop tests before any per-task work.</summary>
    internal static bool TasksEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TasksStarted.Enabled || TasksCompleted.Enabled || TasksCancelled.Enabled || TasksFaulted.Enabled
            || Source.HasListeners();
    }

    /// <summary>Whether anyone listens to per-iteration loop state: the gate the loop tests once per iteration.</summary>
    internal static bool LoopEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => LoopLag.Enabled || ReadyQueueLength.Enabled || TasksPending.Enabled;
    }
}
