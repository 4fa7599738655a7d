using Flags;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Simulated;

/// <summary>
/// The samples, unchanged, under simulation with faults across thousands of seeds: the Echo server with many clients
/// (every echoed byte verified, a fault may fail a connection but never corrupt one), and the Flags downloader against
/// the coroutine flag server (every flag accounted once as ok, not found or error). Each run must also end with no
/// task pending and no connection or server open.
/// </summary>
public partial class SamplesUnderSimulationTests
{
    // Harsher than FaultRates.Some, and placed within the first bytes the samples send: at these rates the three bugs
    // the exploration found (see the Echo and Flags samples' comments) fail within the first few hundred seeds.
    private static SimulationOptions Faulty(long withinBytes, double maxStallSeconds) => new()
    {
        Faults = FaultRates.Some with
        {
            Refuse = 0.05,
            Reset = 0.2,
            HalfClose = 0.1,
            StopReading = 0.3,
            Partition = 0.1,
            SlowLink = 0.1,
            WithinBytes = withinBytes,
            MaxStallSeconds = maxStallSeconds,
        },
    };

    [Fact]
    public void Echo_with_many_clients_passes_every_seed_without_faults_and_never_corrupts_a_byte_with_them()
    {
        var exitCode = -1;
        Simulation.Explore(Enumerable.Range(0, 200), () => FromIterator(Remember(EchoDemo.Both(connections: 20, kib: 64))),
            invariant: () => exitCode == 0).ThrowIfFailed();

        var failedConnections = 0;
        var exploration = Simulation.Explore(Enumerable.Range(0, 1_000), () => FromIterator(Remember(EchoDemo.Both(connections: 8, kib: 256))),
            invariant: () =>
            {
                failedConnections += exitCode == 1 ? 1 : 0;
                return exitCode is 0 or 1; // 2 would be an echoed byte that differs
            },
            options: Faulty(withinBytes: 1024 * 1024, maxStallSeconds: 2)).ThrowIfFailed();

        Assert.Equal(1_000, exploration.SeedsRun);
        Assert.InRange(failedConnections, 100, 990); // the faults did strike, and some runs still went through

        IEnumerable<Yield> Remember(IEnumerable<Yield<int>> both)
        {
            var run = FromIterator(both);
            yield return run;
            exitCode = run.Result;
        }
    }

    private static readonly FlagServerOptions ServerOptions = new(
        MaxLatencyMilliseconds: 300,
        Missing: new HashSet<string> { "CD", "IR" },
        Failing: new HashSet<string> { "EG", "MM" },
        Seed: 7);

    [Coroutine]
    private static IEnumerable<Yield<Totals>> DownloadAgainstServer(string[] codes, string outputDirectory)
    {
        var start = CoFlagServer.Start(ServerOptions, "flags.sim", 80);
        yield return start;
        var server = start.Result;
        yield return Defer(server.CloseAndWait);
        var downloader = new Downloader("http://flags.sim/flags", outputDirectory, new ProgressDisplay(codes.Length, interactive: false));
        var totals = downloader.DownloadManyAsync(codes, concurrency: 5);
        yield return totals;
        yield return Return(totals.Result);
    }

    [Fact]
    public void Flags_accounts_for_every_code_once_under_every_seed_and_exactly_as_served_without_faults()
    {
        var codes = Countries.ByPopulation.Take(20).ToArray();
        var missing = codes.Count(ServerOptions.Missing.Contains);
        var failing = codes.Count(ServerOptions.Failing.Contains);
        var output = Directory.CreateTempSubdirectory("flags-sim-").FullName;
        try
        {
            Totals? totals = null;
            Simulation.Explore(Enumerable.Range(0, 50), () => FromIterator(Remember()),
                invariant: () => totals == new Totals(codes.Length - missing - failing, missing, failing)).ThrowIfFailed();

            var errorsSeen = 0;
            var exploration = Simulation.Explore(Enumerable.Range(0, 1_000), () => FromIterator(Remember()),
                invariant: () =>
                {
                    errorsSeen += totals!.Errors > failing ? 1 : 0;
                    return totals.Ok + totals.NotFound + totals.Errors == codes.Length
                        && totals.NotFound <= missing
                        && totals.Ok <= codes.Length - missing - failing;
                },
                options: Faulty(withinBytes: 2_000, maxStallSeconds: 20)).ThrowIfFailed();
            Assert.Equal(1_000, exploration.SeedsRun);
            Assert.True(errorsSeen > 10, $"faults turned flags into errors in only {errorsSeen} runs");
            Assert.True(File.Exists(Path.Combine(output, $"{codes[0].ToLowerInvariant()}.gif")));

            IEnumerable<Yield> Remember()
            {
                totals = null;
                var download = DownloadAgainstServerAsync(codes, output);
                yield return download;
                totals = download.Result;
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
