using System.Diagnostics;
using Xunit.Abstractions;
using static Coroutines.Co;
using static Coroutines.Runtime.Tests.Streams.Loopback;
using CoStreams = Coroutines.Streams;

namespace Coroutines.Runtime.Tests.Streams;

/// <summary>
/// Many concurrent loopback connections through an echo server on the same loop, every byte verified.
/// CI runs 200 connections x 256 KiB. The full size (1,000 connections x 1 MiB each way) runs when the environment
/// variable <c>COROUTINES_STREAMS_FULL_LOAD=1</c> is set:
/// <c>COROUTINES_STREAMS_FULL_LOAD=1 dotnet test tests/Coroutines.Runtime.Tests --filter "FullyQualifiedName~StreamLoadTests"</c>.
/// </summary>
[Collection(LoadCollection.Name)]
public class StreamLoadTests
{
    private readonly ITestOutputHelper _output;

    public StreamLoadTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Concurrent_connections_echo_every_byte_in_random_chunks_and_all_close()
    {
        bool full = Environment.GetEnvironmentVariable("COROUTINES_STREAMS_FULL_LOAD") == "1";
        int connections = full ? 1000 : 200;
        int size = full ? 1024 * 1024 : 256 * 1024;
        var stopwatch = new Stopwatch();
        long verified = 0;
        int finished = 0;
        CoServer? server = null;

        IEnumerable<Yield> Main()
        {
            Future<CoServer> start = CoStreams.StartServer(Handler(Echo), Host, 0);
            yield return start;
            server = start.Result;
            stopwatch.Start();
            var clients = new Coroutine[connections];
            for (int i = 0; i < connections; i++)
            {
                clients[i] = FromIterator(Client(i, server.Port));
            }

            yield return Gather(clients);
            stopwatch.Stop();
            server.Close();
            yield return server.WaitClosed();
        }

        IEnumerable<Yield> Client(int id, int port)
        {
            var open = CoStreams.OpenConnection(Host, port);
            yield return open;
            (CoStreamReader reader, CoStreamWriter writer) = open.Result;
            byte[] payload = new byte[size];
            new Random(id).NextBytes(payload);
            CoroutineTask sender = CreateTask(FromIterator(Send(writer, payload, new Random(1_000_000 + id))));
            int received = 0;
            while (received < size)
            {
                Coroutine<byte[]> chunk = reader.Read(64 * 1024);
                yield return chunk;
                byte[] data = chunk.Result;
                Assert.True(data.Length > 0, $"connection {id}: EOF after {received} of {size} bytes");
                Assert.True(data.AsSpan().SequenceEqual(payload.AsSpan(received, data.Length)), $"connection {id}: corrupt bytes at {received}");
                received += data.Length;
            }

            yield return sender;
            Coroutine<byte[]> eof = reader.Read(1);
            yield return eof;
            Assert.Empty(eof.Result);
            Assert.True(reader.AtEof);
            writer.Close();
            yield return writer.WaitClosed();
            verified += received;
            finished++;
        }

        static IEnumerable<Yield> Send(CoStreamWriter writer, byte[] payload, Random random)
        {
            int sent = 0;
            while (sent < payload.Length)
            {
                int n = Math.Min(random.Next(1, 32 * 1024), payload.Length - sent);
                writer.Write(payload.AsSpan(sent, n));
                sent += n;
                yield return writer.Drain();
            }

            writer.WriteEof();
        }

        List<LoopExceptionContext> errors = Run(Main, seconds: full ? 600 : 50);
        Assert.Empty(errors);
        Assert.Equal(connections, finished);
        Assert.Equal((long)connections * size, verified);
        Assert.Equal(connections, server!.TotalConnections);
        Assert.Equal(0, server.ActiveConnections);
        double mib = 2.0 * verified / (1024 * 1024);
        _output.WriteLine(FormattableString.Invariant(
            $"{connections} connections x {size / 1024} KiB echoed: {stopwatch.Elapsed.TotalSeconds:F2} s, {mib / stopwatch.Elapsed.TotalSeconds:F0} MiB/s through the loop (both directions)"));
    }
}

/// <summary>The load test saturates both cores: it runs alone, after the parallel tests, so that it does not
/// disturb real-time tests elsewhere (the CPython twins compare wall-clock orderings).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Streams load (runs alone)";
}
