using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Coroutines.Benchmarks.Peers;

/// <summary>
/// The one-command peer comparison of issue #7: five workloads, three implementations, one process; a table of
/// rates, memory and ratios to the raw-iterator baseline, then each budget as met or missed.
/// Options: <c>--scale F</c> multiplies every workload size (0.1 for a quick look); <c>--only NAME</c> runs one workload;
/// <c>--peer TEXT</c> runs only the implementations whose name contains TEXT (for a profiler: no ratios without raw);
/// <c>--no-scripts</c> leaves out the peers in other runtimes (<see cref="ScriptPeer"/>: CPython's asyncio and Node,
/// run when they are on the PATH; they add a couple of minutes at scale 1).
/// </summary>
public static class PeerComparison
{
    private delegate WorkloadResult Workload(IPeer peer, double scale);

    private static readonly (string Name, string Unit, Workload Run)[] s_workloads =
    {
        ("switch", "switches/s", (p, s) => p.Switch(Scaled(1_000, s), 1_000)),
        ("spawn", "tasks/s", (p, s) => p.Spawn(Scaled(1_000_000, s))),
        ("sleepers", "sleepers/s", (p, s) => p.Sleepers(Scaled(100_000, s), 100, seed: 42)),
        ("pingpong", "messages/s", (p, s) => p.PingPong(Scaled(1_000_000, s))),
        ("semaphore", "tasks/s", (p, s) => p.Semaphore(Scaled(100_000, s), 100)),
    };

    public static int Run(string[] args)
    {
        double scale = 1;
        string? only = null;
        string? peerFilter = null;
        bool noScripts = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scale")
            {
                scale = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--only")
            {
                only = args[++i];
            }
            else if (args[i] == "--peer")
            {
                peerFilter = args[++i];
            }
            else if (args[i] == "--no-scripts")
            {
                noScripts = true;
            }
        }

        IPeer[] peers = new IPeer[] { new CoroutinesPeer(), new AsyncAwaitPeer(), new RawIteratorPeer() }
            .Where(p => peerFilter is null || p.Name.Contains(peerFilter, StringComparison.OrdinalIgnoreCase)).ToArray();
        Console.WriteLine($"Peer comparison — scale {scale.ToString(CultureInfo.InvariantCulture)}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
            $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}, concurrent={AppContext.TryGetSwitch("System.GC.Concurrent", out bool c) && c}");
        ScriptPeer[] scriptPeers = noScripts ? Array.Empty<ScriptPeer>() : ScriptPeer.Available()
            .Where(p => peerFilter is null || p.Label.Contains(peerFilter, StringComparison.OrdinalIgnoreCase)).ToArray();
        Console.WriteLine(scriptPeers.Length > 0
            ? $"Other runtimes (own processes, median of 3 runs, not interleaved): {string.Join(", ", scriptPeers.Select(p => p.Label))}"
            : "Other runtimes: none run (python3 and node not on the PATH, or --no-scripts / --peer left them out)");
        Console.WriteLine();
        Console.WriteLine($"{"workload",-10} {"implementation",-38} {"rate",14} {"vs raw",7} {"alloc B/op",11} {"B/item",8} {"peak +MiB",9} {"extra",10}  checksum");

        var results = new Dictionary<(string Workload, string Peer), WorkloadResult>();
        bool checksumsAgree = true;
        foreach ((string name, string unit, Workload run) in s_workloads)
        {
            if (only is not null && only != name)
            {
                continue;
            }

            var row = new List<(IPeer Peer, WorkloadResult Result)>();
            foreach ((IPeer peer, WorkloadResult result) in Interleaved(name, peers, peer => run(peer, scale)))
            {
                row.Add((peer, result));
            }

            WorkloadResult? raw = row.FirstOrDefault(r => r.Peer is RawIteratorPeer).Result;
            foreach ((IPeer peer, WorkloadResult result) in row)
            {
                results[(name, peer.Name)] = result;
                string ratio = raw is null ? "-" : (result.Rate / raw.Rate).ToString("0.00", CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-10} {peer.Name,-38} {result.Rate,14:N0} {ratio,7} {(double)result.AllocatedBytes / result.Operations,11:0.0} {Format(result.PerItemBytes),8} {result.PeakHeapBytes / 1048576.0,9:0.0} {Format(result.Extra, "ms"),10}  {result.Checksum}"));
            }

            var checksums = row.Select(r => r.Result.Checksum).ToList();
            foreach (ScriptPeer script in scriptPeers)
            {
                double[] delays = CoroutinesPeer.SleeperDelays(Scaled(100_000, scale), 100, seed: 42);
                (string scriptName, WorkloadResult? result, string? error) = script.Run(name, scale, delays);
                if (result is null)
                {
                    Console.WriteLine($"{name,-10} {scriptName,-38} not run: {error}");
                    continue;
                }

                checksums.Add(result.Checksum);
                string ratio = raw is null ? "-" : (result.Rate / raw.Rate).ToString("0.00", CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-10} {scriptName,-38} {result.Rate,14:N0} {ratio,7} {"-",11} {Format(result.PerItemBytes),8} {"-",9} {Format(result.Extra, "ms"),10}  {result.Checksum}"));
            }

            if (checksums.Distinct().Count() > 1)
            {
                checksumsAgree = false;
                Console.WriteLine($"  !! checksums differ for {name}");
            }
        }

        Console.WriteLine();
        PrintBudgets(results, peers);
        Console.WriteLine(checksumsAgree ? "checksums agree across implementations" : "CHECKSUMS DIFFER");
        return checksumsAgree ? 0 : 1;
    }

    /// <summary>
    /// Runs every implementation <see cref="Rounds"/> times, interleaved (AA BB CC AA BB CC ...), after one warm-up
    /// round, and keeps each one's median run. This 2-core VM's neighbours come and go within seconds: with each
    /// implementation measured in one stretch, one could get a quiet stretch and the next a noisy one, and single ratios
    /// moved by up to 1.7x between identical invocations; interleaving spreads the noise evenly and the median drops
    /// the outliers.
    /// </summary>
    private static IEnumerable<(IPeer Peer, WorkloadResult Result)> Interleaved(string workload, IPeer[] peers, Func<IPeer, WorkloadResult> run)
    {
        var runs = peers.ToDictionary(peer => peer, _ => new List<WorkloadResult>());
        var supported = new List<IPeer>();
        foreach (IPeer peer in peers)
        {
            try
            {
                run(peer);
                supported.Add(peer);
            }
            catch (NotSupportedException e)
            {
                Console.WriteLine($"{workload,-10} {peer.Name,-38} not run: {e.Message}");
            }
        }

        for (int round = 0; round < Rounds; round++)
        {
            foreach (IPeer peer in supported)
            {
                // Twice in a row, keeping the second: the GC tunes its budgets to the allocation pattern it just saw,
                // and a workload that runs on its own (as in an application) runs with budgets tuned to itself.
                run(peer);
                runs[peer].Add(run(peer));
            }
        }

        return supported.Select(peer => (peer, runs[peer].OrderBy(r => r.Rate).ElementAt(Rounds / 2)));
    }

    private const int Rounds = 5;

    private static int Scaled(int size, double scale) => Math.Max(1, (int)(size * scale));

    private static string Format(double? value, string suffix = "") =>
        value is double v ? v.ToString("0.0", CultureInfo.InvariantCulture) + suffix : "-";

    private static void PrintBudgets(Dictionary<(string, string), WorkloadResult> results, IPeer[] peers)
    {
        // By kind, not position: --peer may have narrowed the list (a ratio against a peer that did not run is skipped).
        string? NameOf<TPeer>() => peers.OfType<TPeer>().Cast<IPeer>().FirstOrDefault()?.Name;
        string? us = NameOf<CoroutinesPeer>();
        string? async = NameOf<AsyncAwaitPeer>();
        string? raw = NameOf<RawIteratorPeer>();

        string Against(string workload, double ours, string? peer, string label, double need)
        {
            if (peer is null || !results.TryGetValue((workload, peer), out WorkloadResult? theirs))
            {
                return $"{label} not run";
            }

            double ratio = ours / theirs.Rate;
            return string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}x {label} (need >= {need}) {Verdict(ratio >= need)}");
        }

        void Ratio(string workload, double vsRaw, double vsAsync)
        {
            if (us is null || !results.TryGetValue((workload, us), out WorkloadResult? ours))
            {
                Console.WriteLine($"budget {workload}: not measured");
                return;
            }

            Console.WriteLine($"budget {workload}: {Against(workload, ours.Rate, raw, "raw", vsRaw)}; {Against(workload, ours.Rate, async, "async", vsAsync)}");
        }

        Ratio("switch", 0.5, 3);
        Ratio("spawn", 0.75, 2.5);
        if (us is not null && results.TryGetValue(("spawn", us), out WorkloadResult? spawn))
        {
            // To 0.1 B: the run's fixed objects (the gather's futures, the arrays' headers: ~1 KB) add 0.001 B a task.
            double perTask = Math.Round(spawn.PerItemBytes ?? double.NaN, 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"budget spawn retained: {perTask:0.0} B/task (need <= 120) {Verdict(perTask <= 120)}"));
        }

        if (us is not null && raw is not null && results.TryGetValue(("sleepers", us), out WorkloadResult? sleepers)
            && results.TryGetValue(("sleepers", raw), out WorkloadResult? rawSleepers))
        {
            double rawOverhead = Math.Max(rawSleepers.Extra ?? 0, 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"budget sleepers: overhead {sleepers.Extra:0.0} ms vs raw {rawOverhead:0.0} ms (need <= 1.5x) {Verdict(sleepers.Extra <= 1.5 * rawOverhead)}; {sleepers.PerItemBytes:0} B/sleeper (need <= 200) {Verdict(sleepers.PerItemBytes <= 200)}"));
        }

        Ratio("pingpong", 0.7, 3);
        Ratio("semaphore", 0.6, 5);
    }

    private static string Verdict(bool met) => met ? "MET" : "MISSED";
}
