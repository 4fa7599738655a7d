namespace Coroutines;

/// <summary>
/// How a <see cref="Simulation"/> runs: the simulated network's links, the faults it injects, the executor's
/// simulated duration and the budgets that turn a hang into a report. Every default is deterministic.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>One-way latency of every link, in seconds (default 1 ms).</summary>
    public double Latency { get; init; } = 0.001;

    /// <summary>Up to this much is added to each segment's latency, picked by the seed (default 1 ms): where two
    /// connections' bytes arrive in the same step, the seed decides which comes first.</summary>
    public double LatencyJitter { get; init; } = 0.001;

    /// <summary>Delivery times are rounded up to this grain (default 0.5 ms), so that independent deliveries meet in
    /// one iteration and their order is the seed's to pick.</summary>
    public double TimeGrain { get; init; } = 0.0005;

    /// <summary>Each direction of a link carries this many bytes per second (default 100 MiB/s).</summary>
    public double BytesPerSecond { get; init; } = 100 * 1024 * 1024;

    /// <summary>Bytes a direction holds in flight and unread before the sender's writes buffer up (the two
    /// sockets' kernel buffers; default 256 KiB).</summary>
    public int Window { get; init; } = 256 * 1024;

    /// <summary>How long (simulated seconds) a <c>RunInExecutor</c>/<c>ToThread</c> job takes; it runs on the loop's
    /// thread (default 0: instantaneous).</summary>
    public double ExecutorSeconds { get; init; }

    /// <summary>Faults injected at random, by the seed.</summary>
    public FaultRates Faults { get; init; } = FaultRates.None;

    /// <summary>Faults injected by script, on top of <see cref="Faults"/>.</summary>
    public IReadOnlyList<NetworkFault> Script { get; init; } = Array.Empty<NetworkFault>();

    /// <summary>A run still going at this simulated time is reported as hung (default one hour).</summary>
    public double TimeLimitSeconds { get; init; } = 3600;

    /// <summary>A run that has taken this many loop iterations is reported as hung, even if its clock stands still
    /// (default 10 million).</summary>
    public long IterationLimit { get; init; } = 10_000_000;

    /// <summary>Errors the loop reports to its exception handler (a failing callback, a connection handler that
    /// threw, a failure nobody retrieved) fail the run (default <see langword="true"/>).</summary>
    public bool LoopErrorsFail { get; init; } = true;

    /// <summary>Where <see cref="Simulation.Explore"/> writes a failing run's trace: this folder, else the one named by
    /// <see cref="Simulation.TraceFolderVariable"/>, else the temp folder.</summary>
    public string? TraceFolder { get; init; }
}
