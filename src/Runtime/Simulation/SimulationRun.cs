namespace Coroutines;

/// <summary>
/// One simulated run: its seed, how it ended, and — when traced — every task step, network event and fault in order.
/// The same seed and program give the same run, trace included.
/// </summary>
public sealed class SimulationRun
{
    internal SimulationRun(int seed, SimulationOutcome outcome, string? failure, Exception? exception, double virtualSeconds,
        long steps, long connections, IReadOnlyList<string> trace)
    {
        Seed = seed;
        Outcome = outcome;
        Failure = failure;
        Exception = exception;
        VirtualSeconds = virtualSeconds;
        Steps = steps;
        Connections = connections;
        Trace = trace;
    }

    /// <summary>The seed: <c>Simulation.Run(seed, main)</c> replays this run exactly.</summary>
    public int Seed { get; }

    /// <summary>How the run ended.</summary>
    public SimulationOutcome Outcome { get; }

    /// <summary><see langword="true"/> when <see cref="Outcome"/> is <see cref="SimulationOutcome.Passed"/>.</summary>
    public bool Passed => Outcome == SimulationOutcome.Passed;

    /// <summary>What went wrong, for a person: the exception, the deadlock's or hang's task dump, what was left open.</summary>
    public string? Failure { get; }

    /// <summary>The program's exception, when it threw.</summary>
    public Exception? Exception { get; }

    /// <summary>Simulated seconds the run took.</summary>
    public double VirtualSeconds { get; }

    /// <summary>Task steps the run took.</summary>
    public long Steps { get; }

    /// <summary>Connections the program opened on the simulated network.</summary>
    public long Connections { get; }

    /// <summary>The run's events, one per line (<c>0.001500 task 3 Client: step</c>); empty when not traced.</summary>
    public IReadOnlyList<string> Trace { get; }

    /// <summary>Throws <see cref="SimulationFailedException"/> unless the run passed.</summary>
    public SimulationRun ThrowIfFailed() => Passed ? this : throw new SimulationFailedException(this, null);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"<SimulationRun seed={Seed} {Outcome} {VirtualSeconds:0.######} s, {Steps} steps>");
}
