using System.Net.Sockets;
using System.Text;
using static Coroutines.Co;
using static Coroutines.Streams;

namespace Coroutines.Runtime.Tests.Simulated;

/// <summary>The simulation's contract: one seed, one run (trace and all); the seed picks only what asyncio leaves
/// open; what cannot go on is reported as such (deadlock, hang, leaks, loop errors, invariant) and replayable.</summary>
public partial class SimulationTests
{
    // A busy program: a server, clients that talk to it with random sizes, sleepers and executor work.
    [Coroutine]
    private static IEnumerable<Yield<int>> Busy(int clients)
    {
        var start = StartServer((reader, writer) => EchoLinesAsync(reader, writer), "server.sim", 7000);
        yield return start;
        var server = start.Result;
        var talks = Enumerable.Range(0, clients).Select(i => CreateTask(TalkAsync(i))).ToList();
        var sleepers = Enumerable.Range(0, clients).Select(i => CreateTask(NapAsync(i % 3))).ToList();
        var all = Gather(talks);
        yield return all;
        yield return Gather(sleepers);
        var computed = RunInExecutor(() => all.Result.Sum());
        yield return computed;
        yield return server.CloseAndWait();
        yield return Return(computed.Result);
    }

    [Coroutine]
    private static IEnumerable<Yield> Nap(int units)
    {
        yield return Sleep(units * 0.001);
    }

    [Coroutine]
    private static IEnumerable<Yield<int>> Talk(int id)
    {
        var open = OpenConnection("server.sim", 7000);
        yield return open;
        var (reader, writer) = open.Result;
        yield return Defer(writer.CloseAndWait);
        var lines = Enumerable.Range(0, 1 + Simulation.Random.Next(5)).Select(n => $"{id}:{n}").ToList();
        foreach (var line in lines)
        {
            writer.WriteLine(line);
            yield return writer.Drain();
            var echo = reader.ReadLine();
            yield return echo;
            Assert.Equal(line + "\n", Encoding.UTF8.GetString(echo.Result));
        }

        yield return Return(lines.Count);
    }

    [Coroutine]
    private static IEnumerable<Yield> EchoLines(CoStreamReader reader, CoStreamWriter writer)
    {
        yield return Defer(writer.CloseAndWait);
        while (true)
        {
            var line = reader.ReadLine();
            yield return line;
            if (line.Result.Length == 0)
            {
                yield break;
            }

            writer.Write(line.Result);
            yield return writer.Drain();
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_trace_for_trace_and_another_seed_another_order()
    {
        var first = Simulation.Run(42, () => BusyAsync(20));
        var second = Simulation.Run(42, () => BusyAsync(20));
        var other = Simulation.Run(43, () => BusyAsync(20));

        Assert.True(first.Passed, first.Failure);
        Assert.True(first.Trace.Count > 500, $"a busy run has a long trace, got {first.Trace.Count} lines");
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.VirtualSeconds, second.VirtualSeconds);
        Assert.True(other.Passed, other.Failure);
        Assert.NotEqual(first.Trace, other.Trace);
        Assert.Contains(first.Trace, line => line.Contains("task ") && line.EndsWith(": step"));
        Assert.Contains(first.Trace, line => line.Contains("net #19 "));
        Assert.Contains(first.Trace, line => line.Contains("executor: work done"));
    }

    [Fact]
    public void Timers_due_at_the_same_instant_fire_in_an_order_the_seed_picks_while_call_soon_stays_fifo()
    {
        var timerOrders = new HashSet<string>();
        for (var seed = 0; seed < 40; seed++)
        {
            var fired = new List<string>();
            var run = Simulation.Run(seed, () => FromIterator(ScheduleBoth(fired)));
            Assert.True(run.Passed, run.Failure);
            Assert.Equal(new[] { "soon 0", "soon 1", "soon 2", "soon 3" }, fired.Where(f => f.StartsWith("soon")));
            timerOrders.Add(string.Join(",", fired.Where(f => f.StartsWith("timer"))));

            // And a seed replays its order.
            var again = new List<string>();
            Simulation.Run(seed, () => FromIterator(ScheduleBoth(again)));
            Assert.Equal(fired, again);
        }

        Assert.True(timerOrders.Count > 5, $"40 seeds gave only {timerOrders.Count} orders of four equal timers");

        static IEnumerable<Yield> ScheduleBoth(List<string> fired)
        {
            var loop = GetRunningLoop();
            foreach (var i in Enumerable.Range(0, 4))
            {
                loop.CallAt(1.0, () => fired.Add($"timer {i}"));
                loop.CallSoon(() => fired.Add($"soon {i}"));
            }

            yield return Sleep(2);
        }
    }

    [Fact]
    public void Executor_work_runs_on_the_loop_thread_after_its_simulated_duration_and_the_program_random_is_seeded()
    {
        var loopThread = -1;
        var workThread = -2;
        var finishedAt = 0.0;
        var draws = new List<int>();
        var run = Simulation.Run(7, () => FromIterator(Work()), options: new SimulationOptions { ExecutorSeconds = 2.5 });
        Assert.True(run.Passed, run.Failure);
        Assert.Equal(loopThread, workThread);
        Assert.Equal(2.5, finishedAt, 6);

        var replayed = new List<int>(draws);
        draws.Clear();
        Simulation.Run(7, () => FromIterator(Work()), options: new SimulationOptions { ExecutorSeconds = 2.5 });
        Assert.Equal(replayed, draws);

        IEnumerable<Yield> Work()
        {
            loopThread = Environment.CurrentManagedThreadId;
            draws.AddRange(Enumerable.Range(0, 5).Select(_ => Simulation.Random.Next(1000)));
            var job = ToThread(() => workThread = Environment.CurrentManagedThreadId);
            yield return job;
            finishedAt = GetRunningLoop().Time();
        }
    }

    [Fact]
    public void A_deadlock_is_reported_as_such_with_the_task_dump()
    {
        var run = Simulation.Run(1, () => FromIterator(WaitForEachOther()));
        Assert.Equal(SimulationOutcome.Deadlocked, run.Outcome);
        Assert.Contains("Deadlock", run.Failure);
        Assert.Contains("WaitForEachOther()", run.Failure);
        Assert.Contains("WaitForever()", run.Failure);

        static IEnumerable<Yield> WaitForEachOther()
        {
            var never = new AsyncEvent();
            var other = CreateTask(FromIterator(WaitForever(never)));
            yield return other;
        }

        static IEnumerable<Yield> WaitForever(AsyncEvent never)
        {
            yield return never.Wait();
        }
    }

    [Fact]
    public void A_run_past_its_budgets_is_reported_hung_leaks_and_loop_errors_and_a_broken_invariant_are_failures()
    {
        var slow = Simulation.Run(1, () => FromIterator(SleepFor(100)), options: new SimulationOptions { TimeLimitSeconds = 10 });
        Assert.Equal(SimulationOutcome.Hung, slow.Outcome);

        var busy = Simulation.Run(1, () => FromIterator(Spin()), options: new SimulationOptions { IterationLimit = 10_000 });
        Assert.Equal(SimulationOutcome.Hung, busy.Outcome);
        Assert.Contains("10000 loop iterations", busy.Failure);

        var leak = Simulation.Run(1, () => FromIterator(StartAndLeave()));
        Assert.Equal(SimulationOutcome.LeakedTasks, leak.Outcome);
        Assert.Contains("SleepFor()", leak.Failure);

        var open = Simulation.Run(1, () => FromIterator(ConnectAndLeaveOpen()));
        Assert.Equal(SimulationOutcome.LeftOpen, open.Outcome);
        Assert.Contains("connection #0", open.Failure);
        Assert.Contains("server listening on", open.Failure);

        var loopError = Simulation.Run(1, () => FromIterator(FailInCallback()));
        Assert.Equal(SimulationOutcome.LoopError, loopError.Outcome);
        Assert.Contains("boom", loopError.Failure);

        var counted = 0;
        var broken = Simulation.Run(1, () => FromIterator(SleepFor(1)), invariant: () => counted == 1);
        Assert.Equal(SimulationOutcome.InvariantBroken, broken.Outcome);

        var threw = Simulation.Run(1, () => FromIterator(Throw()));
        Assert.Equal(SimulationOutcome.Threw, threw.Outcome);
        Assert.IsType<InvalidOperationException>(threw.Exception);

        static IEnumerable<Yield> SleepFor(double seconds)
        {
            yield return Sleep(seconds);
        }

        static IEnumerable<Yield> Spin()
        {
            while (true)
            {
                yield return Sleep(0);
            }
        }

        static IEnumerable<Yield> StartAndLeave()
        {
            CreateTask(FromIterator(SleepFor(5)));
            yield return Sleep(1);
        }

        static IEnumerable<Yield> ConnectAndLeaveOpen()
        {
            var start = StartServer((reader, writer) => FromIterator(SleepFor(0)), "127.0.0.1", 80);
            yield return start;
            var open = OpenConnection("127.0.0.1", 80);
            yield return open;
        }

        static IEnumerable<Yield> FailInCallback()
        {
            GetRunningLoop().CallSoon(() => throw new InvalidOperationException("boom"));
            yield return Sleep(1);
        }

        static IEnumerable<Yield> Throw()
        {
            yield return Sleep(1);
            throw new InvalidOperationException("the program's own failure");
        }
    }

    [Fact]
    public void Explore_stops_at_the_first_failing_seed_writes_its_trace_and_the_seed_replays_the_same_run()
    {
        // A bug that shows under one message order only: the second reply must not arrive before the first.
        var folder = Path.Combine(Path.GetTempPath(), $"coro-sim-{Guid.NewGuid():N}");
        try
        {
            var exploration = Simulation.Explore(
                Enumerable.Range(0, 500), () => FromIterator(OrderSensitive()), options: new SimulationOptions { TraceFolder = folder });
            Assert.False(exploration.Passed);
            var failure = exploration.FirstFailure!;
            Assert.Equal(SimulationOutcome.Threw, failure.Outcome);
            Assert.Equal(failure.Seed + 1, exploration.SeedsRun);
            Assert.Equal(folder, Path.GetDirectoryName(exploration.TraceFile));
            Assert.True(File.Exists(exploration.TraceFile));
            var file = File.ReadAllText(exploration.TraceFile!);
            Assert.Contains($"seed {failure.Seed}: Threw", file);
            Assert.Contains($"Simulation.Run({failure.Seed}, main)", file);
            Assert.Contains(failure.Trace[^1], file);

            var replay = Simulation.Run(failure.Seed, () => FromIterator(OrderSensitive()));
            Assert.Equal(SimulationOutcome.Threw, replay.Outcome);
            Assert.Equal(failure.Trace, replay.Trace);

            var thrown = Assert.Throws<SimulationFailedException>(() => exploration.ThrowIfFailed());
            Assert.Contains($"seed {failure.Seed}", thrown.Message);
            Assert.Contains(Simulation.SeedVariable, thrown.Message);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        static IEnumerable<Yield> OrderSensitive()
        {
            var start = StartServer((reader, writer) => FromIterator(Reply(reader, writer)), "127.0.0.1", 9000);
            yield return start;
            var server = start.Result;
            var first = OpenConnection("127.0.0.1", 9000);
            var second = OpenConnection("127.0.0.1", 9000);
            yield return first;
            yield return second;
            var arrivals = new List<string>();
            var readers = new[] { ("first", first.Result), ("second", second.Result) }
                .Select(pair => CreateTask(FromIterator(ReadReply(pair.Item1, pair.Item2.Reader, pair.Item2.Writer, arrivals))))
                .ToList();
            yield return Gather(readers);
            yield return server.CloseAndWait();
            if (arrivals[0] != "first")
            {
                throw new InvalidOperationException($"replies arrived out of order: {string.Join(", ", arrivals)}");
            }
        }

        static IEnumerable<Yield> Reply(CoStreamReader reader, CoStreamWriter writer)
        {
            yield return Defer(writer.CloseAndWait);
            writer.WriteLine("hello");
            yield return writer.Drain();
        }

        static IEnumerable<Yield> ReadReply(string name, CoStreamReader reader, CoStreamWriter writer, List<string> arrivals)
        {
            yield return Defer(writer.CloseAndWait);
            yield return reader.ReadLine();
            arrivals.Add(name);
        }
    }
}

/// <summary>The replay by environment variable changes every Explore in the process: alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulationEnvironmentCollection
{
    public const string Name = "Simulation environment";
}

[Collection(SimulationEnvironmentCollection.Name)]
public class SimulationReplayByEnvironmentTests
{
    [Fact]
    public void With_the_seed_variable_set_Explore_runs_that_seed_alone_traced()
    {
        var seen = new List<int>();
        Environment.SetEnvironmentVariable(Simulation.SeedVariable, "321");
        try
        {
            var exploration = Simulation.Explore(Enumerable.Range(0, 1_000), () => FromIterator(Record()),
                invariant: () => false, options: new SimulationOptions { TraceFolder = Path.GetTempPath() });
            Assert.Equal(1, exploration.SeedsRun);
            Assert.Equal(321, exploration.FirstFailure!.Seed);
            Assert.NotEmpty(exploration.FirstFailure.Trace);
            Assert.Equal(new[] { 321, 321 }, seen); // the run, then its traced replay
            File.Delete(exploration.TraceFile!);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Simulation.SeedVariable, null);
        }

        IEnumerable<Yield> Record()
        {
            seen.Add(Simulation.Random.Next() == new Random(321).Next() ? 321 : -1);
            yield return Sleep(1);
        }
    }
}
