using System.Diagnostics;
using System.Globalization;
using System.Text;
using static Coroutines.Co;

namespace Coroutines.Benchmarks.Simulated;

/// <summary>
/// How fast simulated time runs (`-- simulation`, or benchmarks/simulation.sh for the open-file limit): one program —
/// N clients, each connecting to one server and making K request/reply exchanges of a line — run under simulation with
/// a given one-way latency, then the very same program on real loopback sockets. Prints wall time, simulated seconds
/// per wall second, connections and exchanges per wall second, and checks that every reply came back.
/// </summary>
public static class SimulationSpeed
{
    public static int Run(string[] args)
    {
        int clients = Option(args, "--clients", 10_000);
        int exchanges = Option(args, "--exchanges", 10);
        double latency = Option(args, "--latency", 100) / 1000.0;
        int seeds = Option(args, "--seeds", 3);
        bool loopback = !args.Contains("--no-loopback");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clients:N0} clients x {exchanges} exchanges; simulated one-way latency {latency * 1000:0.#} ms; {seeds} seeds"));
        Console.WriteLine("run                          wall s   simulated s   sim s/wall s   connections/s   exchanges/s   replies");
        var options = new SimulationOptions { Latency = latency, LatencyJitter = latency / 10, TimeLimitSeconds = 36_000 };
        foreach (int seed in Enumerable.Range(1, seeds))
        {
            long replies = 0;
            var watch = Stopwatch.StartNew();
            var run = Simulation.Run(seed, () => FromIterator(Program(clients, exchanges, count => replies = count)), options: options);
            watch.Stop();
            if (!run.Passed)
            {
                Console.WriteLine($"seed {seed} failed: {run.Outcome}\n{run.Failure}");
                return 1;
            }

            Report($"simulation, seed {seed}", watch.Elapsed.TotalSeconds, run.VirtualSeconds, clients, exchanges, replies);
        }

        if (loopback)
        {
            long replies = 0;
            var watch = Stopwatch.StartNew();
            Co.Run(FromIterator(Program(clients, exchanges, count => replies = count)));
            watch.Stop();
            Report("loopback sockets", watch.Elapsed.TotalSeconds, double.NaN, clients, exchanges, replies);
        }

        return 0;
    }

    private static void Report(string name, double wall, double simulated, int clients, int exchanges, long replies) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} {wall,8:0.00} {simulated,13:0.00} {simulated / wall,14:0.0} {clients / wall,15:N0} {(double)clients * exchanges / wall,13:N0}   {replies:N0}/{(long)clients * exchanges:N0}"));

    private static int Option(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static IEnumerable<Yield> Program(int clients, int exchanges, Action<long> done)
    {
        var start = Coroutines.Streams.StartServer((reader, writer) => FromIterator(Serve(reader, writer)), "127.0.0.1", 0, backlog: 16_384);
        yield return start;
        var server = start.Result;
        yield return Defer(server.CloseAndWait);
        var talks = Enumerable.Range(0, clients).Select(i => CreateTask(FromIterator(Talk(server.Port, i, exchanges)))).ToList();
        var all = Gather(talks);
        yield return all;
        done(all.Result.Sum());
    }

    private static IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
    {
        yield return Defer(writer.CloseAndWait);
        while (true)
        {
            var request = reader.ReadLine();
            yield return Settle(request);
            if (request.Exception is not null || request.Result.Length == 0)
            {
                yield break;
            }

            writer.Write(request.Result);
            var drained = writer.Drain();
            yield return Settle(drained);
            if (drained.Exception is not null)
            {
                yield break;
            }
        }
    }

    private static IEnumerable<Yield<long>> Talk(int port, int id, int exchanges)
    {
        var open = Coroutines.Streams.OpenConnection("127.0.0.1", port);
        yield return open;
        var (reader, writer) = open.Result;
        yield return Defer(writer.CloseAndWait);
        long replies = 0;
        foreach (int n in Enumerable.Range(0, exchanges))
        {
            string line = $"client {id} request {n}\n";
            writer.WriteString(line);
            yield return writer.Drain();
            var reply = reader.ReadLine();
            yield return reply;
            replies += Encoding.UTF8.GetString(reply.Result) == line ? 1 : 0;
        }

        yield return Return(replies);
    }
}
