// An echo server and a load client over real TCP sockets, written as coroutines on one event loop (asyncio's
// streams). The templates are plain iterator methods run through the raw path (Co.FromIterator), so the sample
// does not depend on the source generator.
//
//   dotnet run --project samples/Echo -- server [port]                         serve until Ctrl+C
//   dotnet run --project samples/Echo -- client [port] [connections] [KiB]     load an echo server, verify every byte
//   dotnet run --project samples/Echo -- both [connections] [KiB]              server and client on one loop
using System.Diagnostics;
using Coroutines;
using static Coroutines.Co;

string mode = args.Length > 0 ? args[0] : "both";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;

switch (mode)
{
    case "server":
        Run(FromIterator(EchoDemo.Serve(Arg(1, 8888))));
        break;
    case "client":
        Environment.ExitCode = Run(FromIterator(EchoDemo.Load(Arg(1, 8888), Arg(2, 100), Arg(3, 256))));
        break;
    case "both":
        Environment.ExitCode = Run(FromIterator(EchoDemo.Both(Arg(1, 100), Arg(2, 256))));
        break;
    default:
        Console.Error.WriteLine("usage: Echo server [port] | client [port] [connections] [KiB] | both [connections] [KiB]");
        Environment.ExitCode = 2;
        break;
}

public static class EchoDemo
{
    private const string Host = "127.0.0.1";

    /// <summary>One connection: echo every chunk (waiting for the peer to take it) until it half-closes.</summary>
    public static IEnumerable<Yield> Echo(CoStreamReader reader, CoStreamWriter writer)
    {
        // async with: the connection is closed, and the close waited for, however this coroutine ends —
        // the peer leaving, a reset, or the server's task being cancelled at shutdown.
        yield return Defer(writer.CloseAndWait);
        while (true)
        {
            var chunk = reader.Read(64 * 1024);
            yield return Settle(chunk);
            if (chunk.Exception is not null || chunk.Result.Length == 0)
            {
                break; // reset or end of stream: this connection is done, the server goes on
            }

            writer.Write(chunk.Result);
            var drained = writer.Drain();
            yield return Settle(drained);
            if (drained.Exception is not null)
            {
                break; // reset while the peer was taking the echo back: the same end of this connection
            }
        }
    }

    /// <summary>Serves until the process is stopped.</summary>
    public static IEnumerable<Yield> Serve(int port)
    {
        var start = Streams.StartServer((r, w) => FromIterator(Echo(r, w)), Host, port);
        yield return start;
        var server = start.Result;
        yield return Defer(server.CloseAndWait);
        Console.WriteLine($"echo server on {server.LocalEndPoint}; Ctrl+C to stop");
        yield return server.WaitClosed(); // never closed: serve forever
    }

    /// <summary>Runs the server and the load client on the same loop; returns the client's exit code.</summary>
    public static IEnumerable<Yield<int>> Both(int connections, int kib)
    {
        var start = Streams.StartServer((r, w) => FromIterator(Echo(r, w)), Host, 0);
        yield return start;
        var server = start.Result;
        var load = FromIterator(Load(server.Port, connections, kib));
        yield return load;
        yield return server.CloseAndWait();
        Console.WriteLine($"server: {server.TotalConnections} connections served, {server.ActiveConnections} still open");
        yield return Return(load.Result);
    }

    /// <summary>Opens <paramref name="connections"/> connections at once; each sends <paramref name="kib"/> KiB in
    /// random chunks and checks the echo byte for byte. Returns 0 when every byte came back, 1 when a connection
    /// failed (refused, reset, closed early), 2 when an echoed byte differed.</summary>
    public static IEnumerable<Yield<int>> Load(int port, int connections, int kib)
    {
        int size = kib * 1024;
        var stopwatch = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, connections).Select(i => CreateTask(FromIterator(Client(port, i, size)))).ToList();
        var all = Gather(clients);
        yield return Settle(all);
        stopwatch.Stop();
        if (all.Exception is { } failure)
        {
            // Gather does not stop the others when one fails (nor does asyncio's): stop them, and wait until they have
            // closed their connections, so that none is left running when the load is over.
            clients.ForEach(client => client.Cancel());
            yield return Wait(clients);
            Console.WriteLine($"client: FAILED: {failure.Message}");
            yield return Return(failure is InvalidDataException ? 2 : 1);
        }

        long bytes = all.Result.Sum();
        double seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"client: {connections} connections x {kib} KiB echoed and verified in {seconds:F2} s ({2.0 * bytes / (1024 * 1024) / seconds:F1} MiB/s both ways)"));
        yield return Return(0);
    }

    private static IEnumerable<Yield<long>> Client(int port, int id, int size)
    {
        var open = Streams.OpenConnection(Host, port);
        yield return open;
        var (reader, writer) = open.Result;
        yield return Defer(writer.CloseAndWait);
        byte[] payload = new byte[size];
        new Random(id).NextBytes(payload);
        var sender = CreateTask(FromIterator(Send(writer, payload, new Random(~id))));

        // However this client ends, the sender ends first (cleanups run last registered first): a client that failed
        // must not leave it writing to a closed writer, nor its failure unretrieved.
        yield return Defer(() => FromIterator(Stop(sender)));
        int received = 0;
        while (received < size)
        {
            var chunk = reader.Read(64 * 1024);
            yield return chunk;
            byte[] data = chunk.Result;
            if (data.Length == 0)
            {
                throw new IOException($"connection {id}: the server closed after {received} of {size} bytes");
            }

            if (!data.AsSpan().SequenceEqual(payload.AsSpan(received, data.Length)))
            {
                throw new InvalidDataException($"connection {id}: echoed bytes differ at offset {received}");
            }

            received += data.Length;
        }

        yield return sender;
        yield return Return((long)received);
    }

    private static IEnumerable<Yield> Stop(CoroutineTask task)
    {
        task.Cancel();
        yield return Settle(task);
    }

    private static IEnumerable<Yield> Send(CoStreamWriter writer, byte[] payload, Random random)
    {
        for (int sent = 0; sent < payload.Length;)
        {
            int n = Math.Min(random.Next(1, 32 * 1024), payload.Length - sent);
            writer.Write(payload.AsSpan(sent, n));
            sent += n;
            yield return writer.Drain();
        }

        writer.WriteEof();
    }
}
