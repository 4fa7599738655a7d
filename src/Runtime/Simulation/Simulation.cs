using System.Diagnostics;
using System.Globalization;

namespace Coroutines;

/// <summary>
/// Deterministic simulation: runs a whole networked program on one thread, on virtual time, under a seed. Streams,
/// servers and <see cref="Http"/> use an in-memory network with latency, bandwidth and injectable faults; executor work
/// runs on the loop's thread at a simulated time; where asyncio leaves an order unspecified (timers due at the same
/// instant, two connections' bytes arriving together) the seed picks it. The same seed gives the same run, byte for
/// byte; <see cref="Explore(IEnumerable{int}, Func{Coroutine}, Func{bool}?, SimulationOptions?)"/> runs many seeds and
/// reports the first that fails, with its trace and the way to replay it.
/// </summary>
/// <remarks>
/// What stays outside: a <see cref="Task"/> doing real I/O (its completion is delivered when the loop is idle, oldest
/// first, and the clock waits for it), threads the program starts itself, and the wall clock (<c>DateTime.Now</c>).
/// Under simulation <see cref="Http.GetStream(string, double?)"/> reads the body before handing it out in chunks.
/// </remarks>
public static class Simulation
{
    /// <summary>The environment variable that makes <see cref="Explore(IEnumerable{int}, Func{Coroutine}, Func{bool}?, SimulationOptions?)"/>
    /// run one seed only, traced: the replay of a reported failure.</summary>
    public const string SeedVariable = "CORO_SIMULATION_SEED";

    /// <summary>The environment variable naming the folder failing traces are written to (default: the temp folder).</summary>
    public const string TraceFolderVariable = "CORO_SIMULATION_TRACES";

    [ThreadStatic]
    private static SimulationState? t_current;

    /// <summary><see langword="true"/> while a simulated run runs on this thread.</summary>
    public static bool IsRunning => t_current is not null;

    /// <summary>The program's random numbers: seeded by the run under simulation, <see cref="System.Random.Shared"/>
    /// otherwise. Loop-thread only under simulation.</summary>
    public static Random Random => t_current?.ProgramRandom ?? Random.Shared;

    /// <summary>
    /// Runs <paramref name="main"/> on a fresh simulated loop under <paramref name="seed"/> and records its trace. The run
    /// fails if the program throws, deadlocks, runs past the time limit, leaves a task pending or a connection or server
    /// open, the loop reports an error nobody handled, or <paramref name="invariant"/> is false at the end.
    /// </summary>
    /// <param name="seed">The seed: the same seed replays the same run.</param>
    /// <param name="main">Makes the program's main coroutine (called once per run).</param>
    /// <param name="invariant">Checked once the program finished.</param>
    /// <param name="options">Network, faults, budgets; defaults when <see langword="null"/>.</param>
    public static SimulationRun Run(int seed, Func<Coroutine> main, Func<bool>? invariant = null, SimulationOptions? options = null) =>
        RunOne(seed, main, invariant, options ?? new SimulationOptions(), traced: true);

    /// <summary>
    /// Runs <paramref name="main"/> under each seed in turn and stops at the first run that fails (see
    /// <see cref="Run"/>); that seed is then run again, traced, and its trace written to a file. With
    /// <see cref="SeedVariable"/> set, runs that seed only. Use <see cref="Exploration.ThrowIfFailed"/> in a test.
    /// </summary>
    public static Exploration Explore(IEnumerable<int> seeds, Func<Coroutine> main, Func<bool>? invariant = null, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(main);
        options ??= new SimulationOptions();
        if (Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } only)
        {
            seeds = new[] { int.Parse(only, CultureInfo.InvariantCulture) };
        }

        var watch = Stopwatch.StartNew();
        int count = 0;
        double virtualSeconds = 0;
        long connections = 0;
        foreach (int seed in seeds)
        {
            count++;
            SimulationRun run = RunOne(seed, main, invariant, options, traced: false);
            virtualSeconds += run.VirtualSeconds;
            connections += run.Connections;
            if (!run.Passed)
            {
                SimulationRun traced = RunOne(seed, main, invariant, options, traced: true);
                if (traced.Outcome != run.Outcome)
                {
                    // The replay differs: something outside the seed steers the program (a wall clock, a thread, state
                    // kept from the previous run). Report the run that failed, and say so.
                    traced = new SimulationRun(seed, run.Outcome,
                        $"{run.Failure}{Environment.NewLine}The traced replay of this seed ended {traced.Outcome}: the program depends on " +
                        "something outside the seed (the wall clock, a thread, state kept from an earlier run).",
                        run.Exception, run.VirtualSeconds, run.Steps, run.Connections, traced.Trace);
                }

                string file = WriteTrace(traced, options.TraceFolder);
                return new Exploration(count, traced, file, virtualSeconds, connections, watch.Elapsed);
            }
        }

        return new Exploration(count, null, null, virtualSeconds, connections, watch.Elapsed);
    }

    private static SimulationRun RunOne(int seed, Func<Coroutine> main, Func<bool>? invariant, SimulationOptions options, bool traced)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (EventLoop.Current is not null)
        {
            throw new InvalidOperationException("A simulation cannot start from a running event loop.");
        }

        var state = new SimulationState(seed, options, traced);
        var loop = EventLoop.CreateVirtual();
        loop.AttachSimulation(state);
        loop.SetExceptionHandler((_, context) =>
        {
            state.LoopErrors.Add(context.ToString());
            state.Trace($"loop error: {context.Message}{(context.Exception is { } ex ? $": {ex.GetType().Name}: {ex.Message}" : string.Empty)}");
        });
        t_current = state;
        SimulationOutcome outcome = SimulationOutcome.Passed;
        string? failure = null;
        Exception? exception = null;
        try
        {
            state.Trace($"simulation seed {seed}");
            try
            {
                loop.RunUntilComplete(main());
            }
            catch (SimulationStoppedException stopped)
            {
                outcome = stopped.Outcome;
                failure = stopped.Message + Environment.NewLine + DumpTasks(loop);
            }
            catch (Exception ex)
            {
                outcome = SimulationOutcome.Threw;
                exception = ex;
                failure = ex.ToString();
            }

            state.ReportUnobserved();
            if (outcome == SimulationOutcome.Passed && loop.AllTasks().Count > 0)
            {
                outcome = SimulationOutcome.LeakedTasks;
                failure = "The program finished with tasks still pending:" + Environment.NewLine + DumpTasks(loop);
            }

            if (outcome == SimulationOutcome.Passed && state.Network.StillOpen() is { Count: > 0 } open)
            {
                outcome = SimulationOutcome.LeftOpen;
                failure = "The program finished with these still open:" + Environment.NewLine + string.Join(Environment.NewLine, open);
            }

            if (outcome == SimulationOutcome.Passed && options.LoopErrorsFail && state.LoopErrors.Count > 0)
            {
                outcome = SimulationOutcome.LoopError;
                failure = string.Join(Environment.NewLine, state.LoopErrors);
            }

            if (outcome == SimulationOutcome.Passed && invariant is not null && !invariant())
            {
                outcome = SimulationOutcome.InvariantBroken;
                failure = "The invariant does not hold at the end of the run.";
            }

            state.Trace($"simulation ends: {outcome}");
            double seconds = loop.Time();
            ShutDown(loop);
            return new SimulationRun(seed, outcome, failure, exception, seconds, state.Steps, state.Network.Connections, state.TraceLines);
        }
        finally
        {
            t_current = null;
        }
    }

    /// <summary>asyncio.run's ending: cancels what is left and lets it unwind (within the budgets), then closes the loop.</summary>
    private static void ShutDown(EventLoop loop)
    {
        loop.SetExceptionHandler((_, _) => { });
        try
        {
            loop.CancelAllTasksAndWait();
        }
        catch (Exception)
        {
            // A run that deadlocked or hung may not unwind either; what it left is already in the report.
        }

        loop.Close();
    }

    private static string DumpTasks(EventLoop loop)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        loop.DumpTasks(writer);
        return writer.ToString();
    }

    private static string WriteTrace(SimulationRun run, string? folder)
    {
        folder ??= Environment.GetEnvironmentVariable(TraceFolderVariable) is { Length: > 0 } configured ? configured : Path.GetTempPath();
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"simulation-seed-{run.Seed}.trace.txt"));
        using var writer = new StreamWriter(file);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {run.Seed}: {run.Outcome}"));
        writer.WriteLine(run.Failure);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: Simulation.Run({run.Seed}, main), or {SeedVariable}={run.Seed} with the same command"));
        writer.WriteLine();
        foreach (string line in run.Trace)
        {
            writer.WriteLine(line);
        }

        return file;
    }
}
