using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coroutines.Benchmarks.Streams;

/// <summary>
/// The streams load benchmark (issue #19): the same echo handler served by this runtime's <c>Streams</c>, by CPython's
/// <c>asyncio.start_server</c> and by plain .NET sockets, each in a process of its own, loaded by one client: N
/// connections at once, each sending M MiB and checking every echoed byte against what it sent. Prints throughput,
/// the server's CPU time per GiB, its peak resident memory and the resident bytes per connection.
/// <c>dotnet run -c Release --project benchmarks/Coroutines.Benchmarks -- streams [--connections N] [--mib M]
/// [--only coroutines,coroutines-into,asyncio,socket] [--rounds R]</c>; <c>benchmarks/streams.sh</c> raises the open-file limit first.
/// </summary>
public static class EchoLoad
{
    private const int PatternBytes = 1 << 20;
    private const int SendChunk = 64 * 1024;
    private const int ConcurrentConnects = 256;

    private static readonly byte[] s_pattern = MakePattern();

    private sealed record Row(string Server, int Connections, int Mib, double Seconds, double ServerCpuSeconds, long PeakRssBytes,
        long IdleRssBytes, int Completed, int Resets, long VerifiedBytes, bool AllBytesMatch);

    public static int Run(string[] args)
    {
        var connections = 1000;
        var mib = 1;
        var rounds = 1;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connections":
                    connections = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--mib":
                    mib = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--only":
                    only = args[++i];
                    break;
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
            }
        }

        var servers = new[] { "coroutines", "coroutines-into", "asyncio", "socket" }.Where(s => only is null || only.Split(',').Contains(s)).ToArray();
        Console.WriteLine($"Streams load — {connections} connections x {mib} MiB each way, {Environment.ProcessorCount} cores, " +
            $".NET {Environment.Version}, {PythonVersion()}; every echoed byte checked; {rounds} round(s), interleaved");
        Console.WriteLine();
        Console.WriteLine($"{"server",-12} {"MiB/s",8} {"cpu s",7} {"cpu s/GiB",10} {"peak RSS MB",12} {"KB/conn",8} {"done",7} {"resets",7}  bytes");
        var rows = new List<Row>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var server in servers)
            {
                var row = Measure(server, connections, mib);
                rows.Add(row);
                Print(row);
            }
        }

        if (rounds > 1)
        {
            Console.WriteLine();
            Console.WriteLine("medians:");
            foreach (var server in servers)
            {
                var mine = rows.Where(r => r.Server == server).ToList();
                Print(mine.OrderBy(r => r.ServerCpuSeconds).ElementAt(mine.Count / 2));
            }
        }

        return rows.All(r => r.AllBytesMatch && r.Completed == r.Connections) ? 0 : 1;
    }

    private static void Print(Row row)
    {
        var gib = row.Connections * (double)row.Mib / 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Server,-12} {row.Connections * (double)row.Mib / row.Seconds,8:F0} {row.ServerCpuSeconds,7:F2} {row.ServerCpuSeconds / gib,10:F2} " +
            $"{row.PeakRssBytes / 1e6,12:F0} {(row.PeakRssBytes - row.IdleRssBytes) / 1e3 / row.Connections,8:F0} " +
            $"{row.Completed,7} {row.Resets,7}  {(row.AllBytesMatch ? $"{row.VerifiedBytes:N0} verified" : "MISMATCH")}"));
    }

    private static Row Measure(string server, int connections, int mib)
    {
        using var process = StartServer(server);
        var port = int.Parse(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"{server} server printed no port"), CultureInfo.InvariantCulture);
        Thread.Sleep(200);
        var idleRss = ProcStatus(process.Id, "VmRSS:");
        var cpuBefore = CpuSeconds(process.Id);
        var watch = Stopwatch.StartNew();
        var outcomes = Load(port, connections, mib * (long)PatternBytes).GetAwaiter().GetResult();
        watch.Stop();
        var cpu = CpuSeconds(process.Id) - cpuBefore;
        var peakRss = ProcStatus(process.Id, "VmHWM:");
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000))
        {
            process.Kill(entireProcessTree: true);
        }

        return new Row(server, connections, mib, watch.Elapsed.TotalSeconds, cpu, peakRss, idleRss,
            outcomes.Count(o => o.Completed), outcomes.Count(o => o.Reset), outcomes.Sum(o => o.Verified), outcomes.All(o => !o.Mismatch));
    }

    private static Process StartServer(string server)
    {
        var self = Environment.ProcessPath!;
        var start = server == "asyncio"
            ? new ProcessStartInfo("python3", $"\"{Path.Combine(AppContext.BaseDirectory, "peers", "asyncio_echo_server.py")}\"")
            : Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? new ProcessStartInfo(self, $"\"{Path.Combine(AppContext.BaseDirectory, "Coroutines.Benchmarks.dll")}\" echo-server {server}")
                : new ProcessStartInfo(self, $"echo-server {server}");
        start.RedirectStandardOutput = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start the {server} server");
    }

    private readonly record struct Outcome(bool Completed, bool Reset, bool Mismatch, long Verified);

    private static async Task<Outcome[]> Load(int port, int connections, long bytesEach)
    {
        using var connecting = new SemaphoreSlim(ConcurrentConnects);
        var clients = Enumerable.Range(0, connections).Select(id => Client(port, id, bytesEach, connecting));
        return await Task.WhenAll(clients);
    }

    private static async Task<Outcome> Client(int port, int id, long bytesEach, SemaphoreSlim connecting)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var offset = (int)((id * 4099L) % PatternBytes);
        try
        {
            await connecting.WaitAsync();
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            }
            finally
            {
                connecting.Release();
            }

            var sending = Send(socket, offset, bytesEach);
            var (verified, mismatch) = await Receive(socket, offset, bytesEach);
            await sending;
            return new Outcome(verified == bytesEach && !mismatch, false, mismatch, verified);
        }
        catch (SocketException)
        {
            return new Outcome(false, true, false, 0);
        }
    }

    private static async Task Send(Socket socket, int offset, long total)
    {
        for (long sent = 0; sent < total;)
        {
            var at = (int)((offset + sent) % PatternBytes);
            var n = (int)Math.Min(Math.Min(SendChunk, PatternBytes - at), total - sent);
            sent += await socket.SendAsync(s_pattern.AsMemory(at, n), SocketFlags.None);
        }

        socket.Shutdown(SocketShutdown.Send);
    }

    private static async Task<(long Verified, bool Mismatch)> Receive(Socket socket, int offset, long total)
    {
        var buffer = new byte[SendChunk];
        long received = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                return (received, false);
            }

            for (var checkedBytes = 0; checkedBytes < n;)
            {
                var at = (int)((offset + received) % PatternBytes);
                var run = Math.Min(n - checkedBytes, PatternBytes - at);
                if (received + run > total || !buffer.AsSpan(checkedBytes, run).SequenceEqual(s_pattern.AsSpan(at, run)))
                {
                    return (received, true);
                }

                checkedBytes += run;
                received += run;
            }
        }
    }

    private static byte[] MakePattern()
    {
        var pattern = new byte[PatternBytes];
        new Random(19).NextBytes(pattern);
        return pattern;
    }

    private static double CpuSeconds(int pid)
    {
        // /proc/PID/stat fields 14 and 15: user and system time in clock ticks (100 per second on Linux).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long ProcStatus(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static string PythonVersion()
    {
        try
        {
            using var python = Process.Start(new ProcessStartInfo("python3", "--version") { RedirectStandardOutput = true })!;
            var version = python.StandardOutput.ReadToEnd().Trim();
            python.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "no python3 (asyncio row skipped)";
        }
    }
}
