namespace Coroutines;

// The simulated loop's iteration. RunForever picks it once, before its first iteration, when a simulation owns the loop:
// the normal iteration (EventLoop.RunOnce) carries no simulation check (LoopBenchmarks, before/after in docs/performance.md).
public sealed partial class EventLoop
{
    private List<(double When, Internal.ITimerTarget Target)>? _dueTimers;

    /// <summary>The simulation that owns this loop, or <see langword="null"/>.</summary>
    internal SimulationState? Simulation { get; private set; }

    internal void AttachSimulation(SimulationState simulation)
    {
        if (_virtualTime is null)
        {
            throw new InvalidOperationException("A simulation runs on a virtual-time loop.");
        }

        Simulation = simulation;
        simulation.Loop = this;
    }

    /// <summary>The iterations of a simulated run, out of line: <see cref="RunForever"/>'s own loop stays as it was.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RunSimulated()
    {
        SimulationState simulation = Simulation!;
        do
        {
            RunOnceSimulated(simulation);
        }
        while (!_stopping);
    }

    /// <summary>
    /// One iteration, as <see cref="RunOnce"/>, with three differences: nothing ever blocks on the wall clock (outside
    /// Tasks are delivered when the loop is idle, oldest first); timers due at the same instant fire in an order the
    /// seed picks (asyncio leaves it unspecified); and a deadlock or a run past its budget stops the run with a report.
    /// </summary>
    private void RunOnceSimulated(SimulationState simulation)
    {
        if (_hasPosts)
        {
            FlushReports();
            DrainInbox();
        }

        if (_ready.Count == 0 && !_stopping)
        {
            if (!simulation.DeliverOutsideWork(() => HasInboxWork))
            {
                if (!_timers.TryPeek(out double next))
                {
                    throw new SimulationStoppedException(SimulationOutcome.Deadlocked,
                        "Deadlock: nothing is ready, no timer is pending, nothing is in flight on the network and no outside " +
                        "work can wake the loop. Every task waits on something that will never happen.");
                }

                if (next > simulation.Options.TimeLimitSeconds)
                {
                    throw new SimulationStoppedException(SimulationOutcome.Hung, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"Still running at the simulated time limit ({simulation.Options.TimeLimitSeconds} s): the next timer is at {next:0.######} s."));
                }

                _virtualTime!.AdvanceTo(_startTimestamp, next);
            }

            DrainInbox();
        }

        if (++simulation.Iterations > simulation.Options.IterationLimit)
        {
            throw new SimulationStoppedException(SimulationOutcome.Hung, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Still running after {simulation.Options.IterationLimit} loop iterations at {Time():0.######} s: a busy loop that never lets time pass?"));
        }

        MoveDueTimersToReadyInSeededOrder(simulation.SchedulerRandom);
        int count = _ready.Count;
        for (int i = 0; i < count; i++)
        {
            Internal.IRunnable item = _ready.Dequeue();
            if (item is CoroutineTask task)
            {
                simulation.TraceStep(task);
                RunCallback(item);
                simulation.TraceDone(task);
            }
            else
            {
                RunCallback(item);
            }
        }

        _ready.TrimAfterBurst();
    }

    private void MoveDueTimersToReadyInSeededOrder(Random random)
    {
        if (!_timers.TryPeek(out double when))
        {
            return;
        }

        double end = Time() + _clockResolution;
        List<(double When, Internal.ITimerTarget Target)> due = _dueTimers ??= new();
        while (when <= end)
        {
            due.Add((when, _timers.Pop()));
            if (!_timers.TryPeek(out when))
            {
                break;
            }
        }

        // Popped in (time, sequence) order; the seed shuffles each run of equal times (Fisher-Yates).
        for (int start = 0; start < due.Count;)
        {
            int stop = start + 1;
            while (stop < due.Count && due[stop].When == due[start].When)
            {
                stop++;
            }

            for (int i = stop - 1; i > start; i--)
            {
                int j = random.Next(start, i + 1);
                (due[i], due[j]) = (due[j], due[i]);
            }

            start = stop;
        }

        foreach ((double _, Internal.ITimerTarget target) in due)
        {
            target.OnTimerDue(this);
        }

        due.Clear();
    }
}

/// <summary>Unwinds a simulated run that cannot go on (deadlock, budget); <see cref="Simulation"/> turns it into the run's outcome.</summary>
internal sealed class SimulationStoppedException : Exception
{
    public SimulationStoppedException(SimulationOutcome outcome, string message)
        : base(message)
    {
        Outcome = outcome;
    }

    public SimulationOutcome Outcome { get; }
}
