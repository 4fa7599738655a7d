using System.Net;
using System.Net.Sockets;
using static Coroutines.Co;

namespace Coroutines.Benchmarks.Streams;

/// <summary>
/// The servers of the streams load benchmark, each run in a process of its own (<c>echo-server KIND</c>) so that its
/// CPU time and resident memory are its own: print the port, serve until stdin closes. The handler is the Echo
/// sample's in every one: read up to 64 KiB, write it back, wait for the peer to take it.
/// </summary>
public static class EchoServers
{
    private const int ChunkBytes = 64 * 1024;
    private const int Backlog = 16384;

    public static int Run(string kind)
    {
        switch (kind)
        {
            case "coroutines":
                Co.Run(FromIterator(ServeCoroutines(Echo)));
                return 0;
            case "coroutines-into":
                Co.Run(FromIterator(ServeCoroutines(EchoInto)));
                return 0;
            case "socket":
                ServeSockets().GetAwaiter().GetResult();
                return 0;
            default:
                Console.Error.WriteLine($"unknown server '{kind}': coroutines | coroutines-into | socket");
                return 2;
        }
    }

    private static IEnumerable<Yield> ServeCoroutines(Func<CoStreamReader, CoStreamWriter, IEnumerable<Yield>> handler)
    {
        var starting = Coroutines.Streams.StartServer((reader, writer) => FromIterator(handler(reader, writer)), "127.0.0.1", 0, backlog: Backlog);
        yield return starting;
        var server = starting.Result;
        yield return Defer(server.CloseAndWait);
        Console.WriteLine(server.Port);
        yield return StdinClosed();
    }

    private static IEnumerable<Yield> Echo(CoStreamReader reader, CoStreamWriter writer)
    {
        yield return Defer(writer.CloseAndWait);
        while (true)
        {
            var chunk = reader.Read(ChunkBytes);
            yield return Settle(chunk);
            if (chunk.Exception is not null || chunk.Result.Length == 0)
            {
                yield break;
            }

            writer.Write(chunk.Result);
            yield return Settle(writer.Drain());
        }
    }

    /// <summary>The same handler reading into one buffer per connection (<c>ReadInto</c>) instead of a new array per read.</summary>
    private static IEnumerable<Yield> EchoInto(CoStreamReader reader, CoStreamWriter writer)
    {
        yield return Defer(writer.CloseAndWait);
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            var read = reader.ReadInto(buffer);
            yield return Settle(read);
            if (read.Exception is not null || read.Result == 0)
            {
                yield break;
            }

            writer.Write(buffer.AsSpan(0, read.Result));
            yield return Settle(writer.Drain());
        }
    }

    private static Task StdinClosed() => Task.Run(() =>
    {
        using var stdin = Console.OpenStandardInput();
        var sink = new byte[64];
        while (stdin.Read(sink) > 0)
        {
        }
    });

    /// <summary>The practical limit: plain .NET sockets, one async loop per connection, one buffer each.</summary>
    private static async Task ServeSockets()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(Backlog);
        Console.WriteLine(((IPEndPoint)listener.LocalEndPoint!).Port);
        var stopped = StdinClosed();
        while (!stopped.IsCompleted)
        {
            var accepting = listener.AcceptAsync();
            if (await Task.WhenAny(accepting, stopped) == stopped)
            {
                break;
            }

            _ = EchoSocket(await accepting);
        }
    }

    private static async Task EchoSocket(Socket socket)
    {
        using (socket)
        {
            socket.NoDelay = true;
            var buffer = new byte[ChunkBytes];
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        break;
                    }

                    for (var sent = 0; sent < read;)
                    {
                        sent += await socket.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                    }
                }
            }
            catch (SocketException)
            {
            }
        }
    }
}
