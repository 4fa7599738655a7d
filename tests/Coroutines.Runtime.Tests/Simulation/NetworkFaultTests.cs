using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using static Coroutines.Co;
using static Coroutines.Streams;

namespace Coroutines.Runtime.Tests.Simulated;

/// <summary>Each fault of the simulated network, scripted, with what the program sees; the seeded rates draw every kind;
/// Http runs over the same network.</summary>
public partial class NetworkFaultTests
{
    private const string Host = "server.sim";
    private const int Port = 8080;

    private static SimulationOptions Scripted(params NetworkFault[] faults) => new() { Script = faults };

    /// <summary>The server sends <paramref name="size"/> bytes, then reads until the client is done, counting.</summary>
    [Coroutine]
    private static IEnumerable<Yield> SendThenCount(CoStreamReader reader, CoStreamWriter writer, int size, Outcome outcome)
    {
        yield return Defer(writer.CloseAndWait);
        writer.Write(Enumerable.Range(0, size).Select(i => (byte)i).ToArray());
        yield return Settle(writer.Drain());
        while (true)
        {
            var chunk = reader.Read(64 * 1024);
            yield return Settle(chunk);
            if (chunk.Exception is { } error)
            {
                outcome.ServerError = error;
                yield break;
            }

            if (chunk.Result.Length == 0)
            {
                yield break;
            }

            outcome.ServerReceived += chunk.Result.Length;
        }
    }

    private sealed class Outcome
    {
        public Exception? ServerError;
        public Exception? ClientError;
        public long ServerReceived;
        public long ClientReceived;
        public double WritesDoneAt;
        public double FirstByteAt;
        public double EndAt;
    }

    /// <summary>Connects, writes <paramref name="send"/> bytes (draining), half-closes, reads to the end.</summary>
    [Coroutine]
    private static IEnumerable<Yield> Exchange(int serverSends, int send, Outcome outcome)
    {
        var start = StartServer((reader, writer) => SendThenCountAsync(reader, writer, serverSends, outcome), Host, Port);
        yield return start;
        var server = start.Result;
        yield return Defer(server.CloseAndWait);
        var open = OpenConnection(Host, Port);
        yield return Settle(open);
        if (open.Exception is { } refused)
        {
            outcome.ClientError = refused;
            yield break;
        }

        var (reader, writer) = open.Result;
        yield return Defer(writer.CloseAndWait);
        var loop = GetRunningLoop();
        var sender = CreateTask(SendAllAsync(writer, send, outcome));
        while (true)
        {
            var chunk = reader.Read(64 * 1024);
            yield return Settle(chunk);
            if (chunk.Exception is { } error)
            {
                outcome.ClientError = error;
                break;
            }

            if (chunk.Result.Length == 0)
            {
                break;
            }

            if (outcome.ClientReceived == 0)
            {
                outcome.FirstByteAt = loop.Time();
            }

            outcome.ClientReceived += chunk.Result.Length;
        }

        outcome.EndAt = loop.Time();
        yield return Settle(sender);
    }

    [Coroutine]
    private static IEnumerable<Yield> SendAll(CoStreamWriter writer, int size, Outcome outcome)
    {
        foreach (var offset in Enumerable.Range(0, (size + 8191) / 8192).Select(i => i * 8192))
        {
            writer.Write(new byte[Math.Min(8192, size - offset)]);
            var drained = writer.Drain();
            yield return Settle(drained);
            if (drained.Exception is not null)
            {
                yield break;
            }
        }

        outcome.WritesDoneAt = GetRunningLoop().Time();
        writer.WriteEof();
    }

    private static Outcome RunExchange(int serverSends, int send, SimulationOptions options)
    {
        var outcome = new Outcome();
        var run = Simulation.Run(1, () => ExchangeAsync(serverSends, send, outcome), options: options);
        Assert.True(run.Passed, run.Failure);
        return outcome;
    }

    [Fact]
    public void Without_faults_every_byte_crosses_both_ways_at_the_link_latency()
    {
        var outcome = RunExchange(100_000, 300_000, new SimulationOptions { LatencyJitter = 0 });
        Assert.Null(outcome.ClientError);
        Assert.Null(outcome.ServerError);
        Assert.Equal(100_000, outcome.ClientReceived);
        Assert.Equal(300_000, outcome.ServerReceived);

        // Handshake (1 ms there, 1 ms back) then the server's first bytes (1 ms, plus serialization at 100 MiB/s).
        Assert.InRange(outcome.FirstByteAt, 0.003, 0.0045);
    }

    [Fact]
    public void A_refused_connection_fails_the_connect_and_a_port_nobody_listens_on_is_refused_too()
    {
        var outcome = RunExchange(10, 10, Scripted(NetworkFault.Refuse(0)));
        var refused = Assert.IsType<SocketException>(outcome.ClientError);
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        SocketException? nobody = null;
        var run = Simulation.Run(1, () => FromIterator(ConnectNowhere()));
        Assert.True(run.Passed, run.Failure);
        Assert.Equal(SocketError.ConnectionRefused, nobody!.SocketErrorCode);

        IEnumerable<Yield> ConnectNowhere()
        {
            var open = OpenConnection("nobody.sim", 1);
            yield return Settle(open);
            nobody = (SocketException)open.Exception!;
        }
    }

    [Fact]
    public void A_reset_fails_both_sides_once_its_byte_count_has_crossed()
    {
        var outcome = RunExchange(5_000, 500_000, Scripted(NetworkFault.Reset(0, afterBytes: 60_000)));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(outcome.ClientError).SocketErrorCode);
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(outcome.ServerError).SocketErrorCode);
        Assert.True(outcome.ServerReceived + outcome.ClientReceived <= 60_000, $"{outcome.ServerReceived} + {outcome.ClientReceived}");
        Assert.True(outcome.ServerReceived > 0);
    }

    [Fact]
    public void A_half_close_ends_one_direction_early_and_the_other_goes_on()
    {
        var outcome = RunExchange(50_000, 20_000, Scripted(NetworkFault.HalfClose(0, afterBytes: 12_345, ConnectionSide.Server)));
        Assert.Null(outcome.ClientError);
        Assert.Equal(12_345, outcome.ClientReceived);
        Assert.Equal(20_000, outcome.ServerReceived);
    }

    [Fact]
    public void A_side_that_stops_reading_backs_its_peer_up_until_it_reads_again()
    {
        var normal = RunExchange(10, 2_000_000, new SimulationOptions());
        var stalled = RunExchange(10, 2_000_000, Scripted(NetworkFault.StopReading(0, afterBytes: 1, seconds: 3, ConnectionSide.Server)));
        Assert.True(normal.WritesDoneAt < 0.5, $"{normal.WritesDoneAt}");
        Assert.True(stalled.WritesDoneAt > 3, $"the writer's drain should wait out the stall, done at {stalled.WritesDoneAt}");
        Assert.Equal(2_000_000, stalled.ServerReceived);
    }

    [Fact]
    public void A_partition_holds_traffic_until_it_heals_and_loses_nothing()
    {
        var cutHost = RunExchange(1_000, 1_000, Scripted(NetworkFault.Partition(Host, 0, 2)));
        Assert.True(cutHost.FirstByteAt > 2, $"the connect waits for the heal, first byte at {cutHost.FirstByteAt}");
        Assert.Equal(1_000, cutHost.ClientReceived);

        var cutLink = RunExchange(1_000, 1_000, Scripted(NetworkFault.Partition(0, from: 0.0025, until: 1.5)));
        Assert.True(cutLink.FirstByteAt > 1.5, $"{cutLink.FirstByteAt}");
        Assert.Equal(1_000, cutLink.ClientReceived);
        Assert.Equal(1_000, cutLink.ServerReceived);
    }

    [Fact]
    public void A_slow_link_takes_its_latency_and_bandwidth()
    {
        var outcome = RunExchange(50_000, 10, Scripted(NetworkFault.SlowLink(0, latency: 0.05, bytesPerSecond: 10_000)));
        Assert.True(outcome.FirstByteAt >= 0.15, $"three one-way trips of 50 ms, first byte at {outcome.FirstByteAt}");
        Assert.True(outcome.EndAt >= 5, $"50,000 bytes at 10,000 B/s, done at {outcome.EndAt}");
        Assert.Equal(50_000, outcome.ClientReceived);
    }

    [Fact]
    public void Seeded_rates_draw_every_kind_of_fault_and_write_each_to_the_trace()
    {
        var kinds = new[] { "refuse", "reset", "half-close", "stops reading", "partition", "slow link" };
        var seen = new HashSet<string>();
        var options = new SimulationOptions { Faults = FaultRates.Some };
        foreach (var seed in Enumerable.Range(0, 200))
        {
            var run = Simulation.Run(seed, () => ExchangeAsync(20_000, 20_000, new Outcome()), options: options);
            Assert.True(run.Passed, run.Failure);
            seen.UnionWith(kinds.Where(kind => run.Trace.Any(line => line.Contains("plan: ") && line.Contains(kind))));
        }

        Assert.Equal(kinds.OrderBy(k => k), seen.OrderBy(k => k));
    }

    [Coroutine]
    private static IEnumerable<Yield> EchoInto(CoStreamReader reader, CoStreamWriter writer)
    {
        yield return Defer(writer.CloseAndWait);
        var buffer = new byte[1000];
        while (true)
        {
            var read = reader.ReadInto(buffer);
            yield return read;
            if (read.Result == 0)
            {
                yield break;
            }

            writer.Write(buffer.AsSpan(0, read.Result));
            yield return writer.Drain();
        }
    }

    [Coroutine]
    private static IEnumerable<Yield<bool>> EchoMegabyte()
    {
        var start = StartServer(EchoIntoAsync, Host, Port);
        yield return start;
        var server = start.Result;
        yield return Defer(server.CloseAndWait);
        var open = OpenConnection(Host, Port);
        yield return open;
        var (reader, writer) = open.Result;
        yield return Defer(writer.CloseAndWait);
        var payload = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray();
        writer.Write(payload);
        writer.WriteEof();
        var echoed = reader.Read();
        yield return echoed;
        yield return Return(echoed.Result.AsSpan().SequenceEqual(payload));
    }

    [Fact]
    public void ReadInto_with_a_small_buffer_echoes_every_byte_through_the_readers_pause_and_resume()
    {
        var same = false;
        var run = Simulation.Run(3, () => FromIterator(Check()));
        Assert.True(run.Passed, run.Failure);
        Assert.True(same);

        IEnumerable<Yield> Check()
        {
            var echo = EchoMegabyteAsync();
            yield return echo;
            same = echo.Result;
        }
    }

    [Coroutine]
    private static IEnumerable<Yield> Respond(CoStreamReader reader, CoStreamWriter writer, byte[] body, bool answer)
    {
        yield return Defer(writer.CloseAndWait);
        yield return reader.ReadUntil("\r\n\r\n"u8);
        if (!answer)
        {
            yield return Sleep(1_000);
        }

        writer.WriteString($"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
        writer.Write(body);
        yield return writer.Drain();
    }

    [Coroutine]
    private static IEnumerable<Yield> GetFrom(string url, double timeout, long limit, byte[] body, bool answer, List<object> results)
    {
        var start = StartServer((reader, writer) => RespondAsync(reader, writer, body, answer), Host, 80);
        yield return start;
        var server = start.Result;
        yield return Defer(server.CloseAndWait);
        var get = Http.Get(url, timeout, limit);
        yield return Settle(get);
        results.Add(get.Exception is { } error ? error : get.Result);
        results.Add(GetRunningLoop().Time());
    }

    [Fact]
    public void Http_get_runs_over_the_simulated_network_with_its_deadline_in_simulated_time_and_its_body_limit()
    {
        var body = Encoding.UTF8.GetBytes("hello from the simulation");
        var results = new List<object>();
        var ok = Simulation.Run(1, () => GetFromAsync($"http://{Host}/greeting", 10, 1024, body, true, results));
        Assert.True(ok.Passed, ok.Failure);
        var result = Assert.IsType<HttpResult>(results[0]);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("hello from the simulation", result.Text);
        Assert.Equal("utf-8", result.Charset);

        results.Clear();
        var slow = Simulation.Run(1, () => GetFromAsync($"http://{Host}/greeting", 10, 1024, body, false, results));
        Assert.True(slow.Passed, slow.Failure);
        Assert.IsType<TimeoutException>(results[0]);
        Assert.Equal(10.0, (double)results[1], 2);

        results.Clear();
        var large = Simulation.Run(1, () => GetFromAsync($"http://{Host}/greeting", 10, 8, body, true, results));
        Assert.True(large.Passed, large.Failure);
        Assert.IsType<HttpBodyTooLargeException>(results[0]);

        results.Clear();
        var refused = Simulation.Run(1, () => GetFromAsync($"http://{Host}:81/greeting", 10, 1024, body, true, results));
        Assert.True(refused.Passed, refused.Failure);
        var failure = Assert.IsType<HttpRequestException>(results[0]);
        Assert.IsType<SocketException>(failure.InnerException);
    }
}
