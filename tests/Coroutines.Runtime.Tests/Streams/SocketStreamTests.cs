using CoStreams = Coroutines.Streams;
using System.Net;
using System.Net.Sockets;
using static Coroutines.Co;
using static Coroutines.Runtime.Tests.Streams.Loopback;

namespace Coroutines.Runtime.Tests.Streams;

/// <summary>Streams over real loopback sockets: echo, half-close, bad peers, flow control, cancellation.</summary>
public class SocketStreamTests
{
    [Fact]
    public void A_line_round_trips_through_an_echo_server_and_both_sides_close()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(LineEcho), Host, 0);
            yield return start;
            CoServer server = start.Result;
            Assert.NotEqual(0, server.Port);

            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader reader, CoStreamWriter writer) = open.Result;
            var peer = Assert.IsType<IPEndPoint>(writer.GetExtraInfo("peername"));
            trace.Add($"peer port matches: {peer.Port == server.Port}");
            writer.WriteLine("hello");
            yield return writer.Drain();
            Coroutine<byte[]> line = reader.ReadLine();
            yield return line;
            trace.Add(S(line.Result));

            writer.Close();
            Assert.True(writer.IsClosing);
            yield return writer.WaitClosed();
            server.Close();
            yield return server.WaitClosed();
            trace.Add($"active={server.ActiveConnections} total={server.TotalConnections}");
        }

        List<LoopExceptionContext> errors = Run(Main);
        Assert.Empty(errors);
        Assert.Equal(new[] { "peer port matches: True", "hello\n", "active=0 total=1" }, trace);
    }

    [Fact]
    public void OpenConnection_to_a_closed_port_fails_with_connection_refused()
    {
        SocketException? refused = null;
        IEnumerable<Yield> Main()
        {
            // Bind and release a port so that nothing listens on it.
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            var open = CoStreams.OpenConnection(Host, port);
            yield return Settle(open);
            refused = open.Exception as SocketException;
        }

        Run(Main);
        Assert.NotNull(refused);
        Assert.Equal(SocketError.ConnectionRefused, refused!.SocketErrorCode);
    }

    /// <summary>Serves lines and records how each connection ended: "eof" or the exception type.</summary>
    private static Func<CoStreamReader, CoStreamWriter, Coroutine> RecordingLineServer(List<string> outcomes)
    {
        return Handler(Serve);

        IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
        {
            while (true)
            {
                Coroutine<byte[]> line = reader.ReadLine();
                yield return Settle(line);
                if (line.Exception is LimitOverrunException)
                {
                    outcomes.Add(nameof(LimitOverrunException));
                    writer.WriteLine("too long");
                    continue;
                }

                if (line.Exception is { } failure)
                {
                    outcomes.Add(failure.GetType().Name);
                    yield break;
                }

                if (line.Result.Length == 0)
                {
                    outcomes.Add("eof");
                    yield break;
                }

                writer.Write(line.Result);
                yield return writer.Drain();
            }
        }
    }

    /// <summary>One echo round trip on a fresh connection: proves the server still serves others.</summary>
    private static IEnumerable<Yield<string>> RoundTrip(int port, string text)
    {
        var open = CoStreams.OpenConnection(Host, port);
        yield return open;
        (CoStreamReader reader, CoStreamWriter writer) = open.Result;
        writer.WriteLine(text);
        Coroutine<byte[]> line = reader.ReadLine();
        yield return line;
        writer.Close();
        yield return writer.WaitClosed();
        yield return Return(S(line.Result));
    }

    [Fact]
    public void A_peer_reset_in_the_middle_of_a_line_surfaces_as_SocketException_at_ReadLine_and_the_server_goes_on()
    {
        var outcomes = new List<string>();
        string? echoed = null;
        CoServer? server = null;
        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(RecordingLineServer(outcomes), Host, 0);
            yield return start;
            server = start.Result;

            // A raw client: half a line, then an abortive close (linger 0 sends RST, no FIN).
            var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            yield return Await(raw.ConnectAsync(IPAddress.Loopback, server.Port));
            raw.Send(B("half a li"));
            while (server.ActiveConnections == 0)
            {
                yield return Sleep(0.01);
            }

            yield return Sleep(0.1);
            raw.LingerState = new LingerOption(true, 0);
            raw.Close();
            while (outcomes.Count == 0)
            {
                yield return Sleep(0.01);
            }

            Coroutine<string> trip = FromIterator(RoundTrip(server.Port, "still here"));
            yield return trip;
            echoed = trip.Result;
            server.Close();
            yield return server.WaitClosed();
        }

        List<LoopExceptionContext> errors = Run(Main);
        Assert.Empty(errors);
        Assert.Equal(nameof(SocketException), outcomes[0]);
        Assert.Equal("still here\n", echoed);
        Assert.Equal(2, server!.TotalConnections);
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public void A_line_over_the_limit_gets_LimitOverrun_on_the_server_which_answers_and_keeps_reading()
    {
        var outcomes = new List<string>();
        var replies = new List<string>();
        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(RecordingLineServer(outcomes), Host, 0, limit: 1024);
            yield return start;
            CoServer server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader reader, CoStreamWriter writer) = open.Result;
            writer.WriteString(new string('x', 3000) + "\nshort\n");
            yield return writer.Drain();

            // The long line may arrive in pieces, each piece over the limit is refused on its own.
            string reply;
            do
            {
                Coroutine<byte[]> line = reader.ReadLine();
                yield return line;
                reply = S(line.Result);
                replies.Add(reply);
            }
            while (reply == "too long\n");

            writer.Close();
            Coroutine<string> trip = FromIterator(RoundTrip(server.Port, "next client"));
            yield return trip;
            replies.Add(trip.Result);
            server.Close();
            yield return server.WaitClosed();
        }

        List<LoopExceptionContext> errors = Run(Main);
        Assert.Empty(errors);
        Assert.Contains(nameof(LimitOverrunException), outcomes);
        Assert.Equal("too long\n", replies[0]);
        Assert.Equal(new[] { "short\n", "next client\n" }, replies.Skip(replies.Count - 2));
    }

    [Fact]
    public void Half_close_lets_the_server_read_to_eof_and_still_answer()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
        {
            Coroutine<byte[]> all = reader.Read();
            yield return all;
            writer.WriteLine($"got {all.Result.Length} bytes: {S(all.Result)}");
            writer.Close();
        }

        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(Serve), Host, 0);
            yield return start;
            CoServer server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader reader, CoStreamWriter writer) = open.Result;
            Assert.True(writer.CanWriteEof);
            writer.WriteString("abc");
            writer.WriteString("def");
            writer.WriteEof();
            Assert.Throws<InvalidOperationException>(() => writer.Write(B("late")));
            Coroutine<byte[]> answer = reader.ReadLine();
            yield return answer;
            trace.Add(S(answer.Result));
            Coroutine<byte[]> end = reader.Read();
            yield return end;
            trace.Add($"then {end.Result.Length} bytes, eof={reader.AtEof}");
            writer.Close();
            server.Close();
            yield return server.WaitClosed();
        }

        Assert.Empty(Run(Main));
        Assert.Equal(new[] { "got 6 bytes: abcdef\n", "then 0 bytes, eof=True" }, trace);
    }

    [Fact]
    public void A_client_that_never_reads_blocks_the_servers_Drain_with_a_bounded_buffer_and_its_reset_fails_the_Drain()
    {
        const int Chunk = 16 * 1024;
        long written = 0;
        int maxBuffered = 0;
        int highWater = 0;
        Exception? drainFailure = null;
        var samples = new List<long>();
        string? echoed = null;

        // "flood\n" asks for an endless stream; anything else is echoed line by line.
        IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
        {
            Coroutine<byte[]> first = reader.ReadLine();
            yield return first;
            if (S(first.Result) != "flood\n")
            {
                writer.Write(first.Result);
                yield return FromIterator(LineEcho(reader, writer));
                yield break;
            }

            highWater = writer.HighWater;
            byte[] chunk = new byte[Chunk];
            while (true)
            {
                writer.Write(chunk);
                written += Chunk;
                maxBuffered = Math.Max(maxBuffered, writer.WriteBufferSize);
                Future drain = writer.Drain();
                yield return Settle(drain);
                if (drain.Exception is { } failure)
                {
                    drainFailure = failure;
                    yield break;
                }
            }
        }

        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(Serve), Host, 0);
            yield return start;
            CoServer server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader _, CoStreamWriter lazyWriter) = open.Result;
            lazyWriter.WriteLine("flood");
            yield return Sleep(1.0);
            samples.Add(written);

            // While the flood is stuck in Drain, another client is served.
            Coroutine<string> trip = FromIterator(RoundTrip(server.Port, "served meanwhile"));
            yield return trip;
            echoed = trip.Result;
            yield return Sleep(0.3);
            samples.Add(written);

            // Resetting the never-reading client fails the server's blocked Drain.
            var socket = (Socket)lazyWriter.GetExtraInfo("socket")!;
            socket.LingerState = new LingerOption(true, 0);
            lazyWriter.Abort();
            while (drainFailure is null)
            {
                yield return Sleep(0.01);
            }

            server.Close();
            yield return server.WaitClosed();
        }

        Assert.Empty(Run(Main));
        Assert.True(samples[0] > 0);
        Assert.Equal(samples[0], samples[1]);
        Assert.True(maxBuffered <= highWater + Chunk, $"buffered up to {maxBuffered} bytes");
        Assert.True(drainFailure is SocketException or IOException, drainFailure?.ToString());
        Assert.Equal("served meanwhile\n", echoed);
    }

    [Fact]
    public void Cancelling_a_task_blocked_in_ReadExactly_on_a_socket_loses_no_bytes_for_the_next_reader()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
        {
            writer.WriteString("01234");
            Coroutine<byte[]> go = reader.ReadLine();
            yield return go;
            writer.WriteString("56789");
            Coroutine<byte[]> end = reader.Read();
            yield return end;
        }

        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(Serve), Host, 0);
            yield return start;
            CoServer server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader reader, CoStreamWriter writer) = open.Result;
            CoroutineTask<byte[]> blocked = CreateTask(reader.ReadExactly(10));
            while (reader.BufferedCount < 5)
            {
                yield return Sleep(0.01);
            }

            blocked.Cancel();
            yield return Settle(blocked);
            trace.Add($"cancelled={blocked.Cancelled} buffered={reader.BufferedCount}");
            writer.WriteLine("go");
            Coroutine<byte[]> all = reader.ReadExactly(10);
            yield return all;
            trace.Add(S(all.Result));
            writer.Close();
            yield return writer.WaitClosed();
            server.Close();
            yield return server.WaitClosed();
            trace.Add($"active={server.ActiveConnections}");
        }

        Assert.Empty(Run(Main));
        Assert.Equal(new[] { "cancelled=True buffered=5", "0123456789", "active=0" }, trace);
    }

    [Fact]
    public void A_ReadInto_echo_server_with_a_small_buffer_returns_every_byte_of_two_megabytes_and_sees_the_end()
    {
        var payload = Enumerable.Range(0, 2 << 20).Select(i => (byte)(i * 31 + 7)).ToArray();
        var echoed = Array.Empty<byte>();
        var serverReads = 0;
        IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
        {
            var buffer = new byte[1000];
            while (true)
            {
                var read = reader.ReadInto(buffer);
                yield return read;
                if (read.Result == 0)
                {
                    yield break; // the client half-closed: the server closes after its last echo
                }

                serverReads++;
                writer.Write(buffer.AsSpan(0, read.Result));
                yield return writer.Drain();
            }
        }

        IEnumerable<Yield> Send(CoStreamWriter writer)
        {
            foreach (var chunk in payload.Chunk(50_000))
            {
                writer.Write(chunk);
                yield return writer.Drain();
            }

            writer.WriteEof();
        }

        IEnumerable<Yield> Main()
        {
            var start = CoStreams.StartServer(Handler(Serve), Host, 0);
            yield return start;
            var server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            var (reader, writer) = open.Result;
            var sending = CreateTask(FromIterator(Send(writer)));
            var all = reader.Read();
            yield return all;
            echoed = all.Result;
            yield return sending;
            writer.Close();
            yield return server.CloseAndWait();
        }

        Assert.Empty(Run(Main));
        Assert.True(echoed.AsSpan().SequenceEqual(payload), $"{echoed.Length} of {payload.Length} bytes came back, or different ones");
        Assert.True(serverReads >= payload.Length / 1000, $"{serverReads} reads of at most 1,000 bytes");
    }

    [Fact]
    public void Cancelling_a_ReadInto_that_waits_on_a_socket_loses_no_bytes_for_the_next_read()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
        {
            var go = reader.ReadLine();
            yield return go;
            writer.WriteString("0123456789");
            var end = reader.Read();
            yield return end;
        }

        IEnumerable<Yield> Main()
        {
            var start = CoStreams.StartServer(Handler(Serve), Host, 0);
            yield return start;
            var server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            var (reader, writer) = open.Result;
            var buffer = new byte[10];
            var blocked = CreateTask(reader.ReadInto(buffer));
            yield return Sleep(0.05);
            blocked.Cancel();
            yield return Settle(blocked);
            writer.WriteLine("go");
            var received = 0;
            while (received < 10)
            {
                var read = reader.ReadInto(buffer.AsMemory(received));
                yield return read;
                received += read.Result;
            }

            trace.Add($"cancelled={blocked.Cancelled} then {S(buffer)}");
            writer.Close();
            yield return server.CloseAndWait();
        }

        Assert.Empty(Run(Main));
        Assert.Equal(new[] { "cancelled=True then 0123456789" }, trace);
    }

    [Fact]
    public void A_server_that_does_not_read_pauses_its_socket_near_twice_the_limit_and_the_senders_Drain_waits()
    {
        const int Limit = 16 * 1024;
        const int Total = 32 * 1024 * 1024;
        int bufferedWhilePaused = -1;
        bool pausedSeen = false;
        bool senderBlocked = false;
        long received = 0;
        CoStreamReader? serverReader = null;
        var gate = new Future<bool>[1];
        int drainsWaited = 0;
        int maxAfterWait = 0;
        int lowWater = -1;

        IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer)
        {
            serverReader = reader;
            yield return gate[0];
            while (true)
            {
                Coroutine<byte[]> chunk = reader.Read(Limit);
                yield return chunk;
                if (chunk.Result.Length == 0)
                {
                    break;
                }

                received += chunk.Result.Length;
            }
        }

        IEnumerable<Yield> Send(CoStreamWriter writer)
        {
            byte[] block = new byte[256 * 1024];
            for (int sent = 0; sent < Total; sent += block.Length)
            {
                writer.Write(block);
                Future drain = writer.Drain();
                if (!drain.Done)
                {
                    yield return drain;

                    // A Drain that waited lets the writer go only once the buffer is down to the low mark.
                    drainsWaited++;
                    maxAfterWait = Math.Max(maxAfterWait, writer.WriteBufferSize);
                    lowWater = writer.LowWater;
                }
            }

            writer.WriteEof();
        }

        IEnumerable<Yield> Main()
        {
            gate[0] = GetRunningLoop().CreateFuture<bool>();
            Future<CoServer> start = CoStreams.StartServer(Handler(Serve), Host, 0, limit: Limit);
            yield return start;
            CoServer server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader _, CoStreamWriter writer) = open.Result;
            CoroutineTask sender = CreateTask(FromIterator(Send(writer)));
            yield return Sleep(1.0);
            pausedSeen = serverReader!.IsReadingPaused;
            bufferedWhilePaused = serverReader.BufferedCount;
            senderBlocked = !sender.Done;
            gate[0].SetResult(true);
            yield return sender;
            while (server.ActiveConnections > 0)
            {
                yield return Sleep(0.01);
            }

            writer.Close();
            server.Close();
            yield return server.WaitClosed();
        }

        Assert.Empty(Run(Main));
        Assert.True(pausedSeen);
        Assert.InRange(bufferedWhilePaused, 2 * Limit + 1, (2 * Limit) + (64 * 1024));
        Assert.True(senderBlocked);
        Assert.Equal(Total, received);
        Assert.True(drainsWaited > 0);
        Assert.InRange(maxAfterWait, 0, lowWater);
    }

    [Fact]
    public void Closing_the_server_refuses_new_connections_and_WaitClosed_waits_for_the_open_ones()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(LineEcho), Host, 0);
            yield return start;
            CoServer server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader reader, CoStreamWriter writer) = open.Result;
            writer.WriteLine("ping");
            Coroutine<byte[]> pong = reader.ReadLine();
            yield return pong;

            server.Close();
            trace.Add($"serving={server.IsServing} active={server.ActiveConnections}");
            var refused = CoStreams.OpenConnection(Host, server.Port);
            yield return Settle(refused);
            trace.Add($"new connection: {(refused.Exception as SocketException)?.SocketErrorCode}");

            Future closed = server.WaitClosed();
            yield return Sleep(0.1);
            trace.Add($"closed while a client is connected: {closed.Done}");
            server.CloseClients();
            yield return closed;
            Coroutine<byte[]> end = reader.Read();
            yield return end;
            trace.Add($"client sees eof: {end.Result.Length == 0 && reader.AtEof}, active={server.ActiveConnections}");
            writer.Close();
        }

        Assert.Empty(Run(Main));
        Assert.Equal(
            new[]
            {
                "serving=False active=1",
                "new connection: ConnectionRefused",
                "closed while a client is connected: False",
                "client sees eof: True, active=0",
            },
            trace);
    }

    [Fact]
    public void Host_names_are_resolved_without_blocking_for_both_server_and_client()
    {
        string? echoed = null;
        AddressFamily family = AddressFamily.Unknown;
        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(LineEcho), "localhost", 0);
            yield return start;
            CoServer server = start.Result;
            family = server.LocalEndPoint.AddressFamily;
            var open = CoStreams.OpenConnection("localhost", server.Port);
            yield return open;
            (CoStreamReader reader, CoStreamWriter writer) = open.Result;
            writer.WriteLine("by name");
            Coroutine<byte[]> line = reader.ReadLine();
            yield return line;
            echoed = S(line.Result);
            writer.Close();
            server.Close();
            yield return server.WaitClosed();
        }

        Assert.Empty(Run(Main));
        Assert.Equal(AddressFamily.InterNetwork, family);
        Assert.Equal("by name\n", echoed);
    }

    [Fact]
    public void After_Close_a_write_is_refused_and_Drain_reports_the_lost_connection()
    {
        Exception? writeError = null;
        Exception? drainError = null;
        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(LineEcho), Host, 0);
            yield return start;
            CoServer server = start.Result;
            var open = CoStreams.OpenConnection(Host, server.Port);
            yield return open;
            (CoStreamReader _, CoStreamWriter writer) = open.Result;
            writer.Close();
            writeError = Record.Exception(() => writer.WriteLine("too late"));
            yield return writer.WaitClosed();
            Future drain = writer.Drain();
            yield return Settle(drain);
            drainError = drain.Exception;
            server.Close();
            yield return server.WaitClosed();
        }

        Assert.Empty(Run(Main));
        Assert.IsType<InvalidOperationException>(writeError);
        Assert.Equal("Connection lost", Assert.IsType<IOException>(drainError).Message);
    }
}
