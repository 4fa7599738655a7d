namespace Coroutines;

/// <summary>What <see cref="Simulation.Explore(IEnumerable{int}, Func{Coroutine}, Func{bool}?, SimulationOptions?)"/> found.</summary>
public sealed class Exploration
{
    internal Exploration(int seedsRun, SimulationRun? failure, string? traceFile, double virtualSeconds, long connections, TimeSpan elapsed)
    {
        SeedsRun = seedsRun;
        FirstFailure = failure;
        TraceFile = traceFile;
        VirtualSeconds = virtualSeconds;
        Connections = connections;
        Elapsed = elapsed;
    }

    /// <summary>Seeds run, the failing one included.</summary>
    public int SeedsRun { get; }

    /// <summary>The first failing seed's run, traced; <see langword="null"/> when every seed passed.</summary>
    public SimulationRun? FirstFailure { get; }

    /// <summary>Where the failing run's trace was written.</summary>
    public string? TraceFile { get; }

    /// <summary><see langword="true"/> when every seed passed.</summary>
    public bool Passed => FirstFailure is null;

    /// <summary>Simulated seconds over all runs.</summary>
    public double VirtualSeconds { get; }

    /// <summary>Simulated connections over all runs.</summary>
    public long Connections { get; }

    /// <summary>Wall-clock time the exploration took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Throws <see cref="SimulationFailedException"/> (seed, replay command, trace file) unless every seed passed.</summary>
    public Exploration ThrowIfFailed() => FirstFailure is null ? this : throw new SimulationFailedException(FirstFailure, TraceFile);

    /// <inheritdoc/>
    public override string ToString() => FirstFailure is null
        ? FormattableString.Invariant($"{SeedsRun} seeds passed ({VirtualSeconds:0.#} simulated s, {Connections} connections, {Elapsed.TotalSeconds:0.##} s)")
        : FormattableString.Invariant($"seed {FirstFailure.Seed} failed ({FirstFailure.Outcome}) after {SeedsRun} seeds; trace: {TraceFile}");
}
