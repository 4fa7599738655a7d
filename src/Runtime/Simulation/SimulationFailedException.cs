namespace Coroutines;

/// <summary>A simulated run failed: its seed, outcome, the way to replay it and where its trace is.</summary>
public sealed class SimulationFailedException : Exception
{
    internal SimulationFailedException(SimulationRun run, string? traceFile)
        : base(Describe(run, traceFile), run.Exception)
    {
        Run = run;
        TraceFile = traceFile;
    }

    /// <summary>The failing run (traced).</summary>
    public SimulationRun Run { get; }

    /// <summary>The file the failing run's trace was written to, if it was.</summary>
    public string? TraceFile { get; }

    private static string Describe(SimulationRun run, string? traceFile) =>
        $"Simulation failed with seed {run.Seed}: {run.Outcome}.{Environment.NewLine}" +
        $"{run.Failure}{Environment.NewLine}" +
        $"Replay: Simulation.Run({run.Seed}, main), or run again with {Simulation.SeedVariable}={run.Seed} to explore that seed alone." +
        (traceFile is null ? string.Empty : $"{Environment.NewLine}Trace: {traceFile}");
}
