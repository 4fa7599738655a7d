using System.Globalization;

namespace Coroutines;

/// <summary>
/// Everything one simulated run owns: its seeded random streams, its network, its trace and counters. The loop holds
/// it (<see cref="EventLoop.Simulation"/>); the public face is <see cref="Simulation"/>.
/// </summary>
/// <remarks>
/// Three random streams, all from the seed: the program's (<see cref="Simulation.Random"/>), the scheduler's (which of
/// the callbacks that became ready together goes first) and the network's (latencies, drawn faults). Separate streams
/// keep a fault plan the same when the program draws one more number.
/// </remarks>
internal sealed class SimulationState
{
    private readonly List<string>? _trace;
    private readonly Dictionary<CoroutineTask, int> _taskNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<(Task Task, Action OnLoop)> _outsideWork = new();

    public SimulationState(int seed, SimulationOptions options, bool traced)
    {
        Seed = seed;
        Options = options;
        ProgramRandom = new Random(seed);
        SchedulerRandom = new Random(unchecked(seed * 31 + 17));
        Network = new SimulatedNetwork(this, new Random(unchecked(seed * 131 + 71)));
        _trace = traced ? new List<string>() : null;
    }

    public int Seed { get; }

    public SimulationOptions Options { get; }

    public Random ProgramRandom { get; }

    public Random SchedulerRandom { get; }

    public SimulatedNetwork Network { get; }

    public EventLoop Loop { get; set; } = null!;

    public bool Traced => _trace is not null;

    public IReadOnlyList<string> TraceLines => (IReadOnlyList<string>?)_trace ?? Array.Empty<string>();

    public long Steps { get; set; }

    public long Iterations { get; set; }

    public List<string> LoopErrors { get; } = new();

    /// <summary>Failures not yet retrieved, held until the end of the run (see <see cref="ReportUnobserved"/>).</summary>
    public List<UnobservedExceptionReporter> Unobserved { get; } = new();

    /// <summary>Reports, in the order they failed, the failures nobody retrieved ("Task exception was never retrieved").</summary>
    public void ReportUnobserved()
    {
        foreach (UnobservedExceptionReporter reporter in Unobserved.Where(r => !r.Suppressed))
        {
            reporter.ReportNow();
        }

        Unobserved.Clear();
    }

    public bool HasOutsideWork => _outsideWork.Count > 0;

    /// <summary>Appends a line stamped with the simulated time; costs nothing when the run is not traced.</summary>
    public void Trace(string what)
    {
        _trace?.Add(string.Create(CultureInfo.InvariantCulture, $"{Loop.Time(),12:0.000000} {what}"));
    }

    public void TraceStep(CoroutineTask task)
    {
        Steps++;
        if (_trace is null)
        {
            return;
        }

        Trace($"task {Describe(task)}: step");
    }

    public void TraceDone(CoroutineTask task)
    {
        if (_trace is null || !task.Done)
        {
            return;
        }

        // ExceptionInfo, not Exception: reading Exception marks the failure retrieved, and a traced run must report an
        // unretrieved failure exactly as the untraced run of the same seed does.
        string outcome = task.Cancelled ? "cancelled"
            : task.ExceptionInfo?.SourceException is { } failure ? $"failed: {failure.GetType().Name}: {failure.Message}"
            : "done";
        Trace($"task {Describe(task)}: {outcome}");
    }

    /// <summary>Tasks by their order of first step in this run, and their template: the process-wide task ids differ
    /// between two runs of one seed, these do not.</summary>
    public string Describe(CoroutineTask task)
    {
        if (!_taskNumbers.TryGetValue(task, out int number))
        {
            number = _taskNumbers.Count + 1;
            _taskNumbers.Add(task, number);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{number} {task.Root.Name}");
    }

    /// <summary>A <see cref="Task"/> awaited by the program: its completion reaches the loop when the loop is idle,
    /// oldest first, so that a thread pool's timing cannot reorder a simulated run.</summary>
    public void AddOutsideWork(Task task, Action onLoop) => _outsideWork.Enqueue((task, onLoop));

    /// <summary>Blocks until the oldest outside work is done (or the inbox gets a post it may be waiting for) and
    /// delivers it; <see langword="false"/> when there is none.</summary>
    public bool DeliverOutsideWork(Func<bool> inboxHasWork)
    {
        if (_outsideWork.Count == 0)
        {
            return false;
        }

        (Task task, Action onLoop) = _outsideWork.Peek();
        while (!task.IsCompleted)
        {
            if (inboxHasWork())
            {
                return true; // an async method's continuation posted back: run it, the Task may need it
            }

            ((IAsyncResult)task).AsyncWaitHandle.WaitOne(1);
        }

        _outsideWork.Dequeue();
        Trace($"outside work done: {(task.IsFaulted ? "failed" : task.IsCanceled ? "cancelled" : "ok")}");
        onLoop();
        return true;
    }
}
