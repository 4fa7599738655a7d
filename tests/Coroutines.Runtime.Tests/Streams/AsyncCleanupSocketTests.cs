using static Coroutines.Co;
using static Coroutines.Streams;

namespace Coroutines.Runtime.Tests.Streams;

/// <summary>
/// The <c>async with</c> guarantee on real sockets: connections closed through <see cref="Co.Defer"/> are closed however
/// their coroutine ends, cancellation included, and both sides count down to zero.
/// </summary>
public class AsyncCleanupSocketTests
{
    private const int Clients = 200;

    private sealed class Counts
    {
        public int ServerOpen;
        public int ServerServed;
        public int ClientsOpen;
        public int ClientsConnected;
        public int Exchanged;
        public int Mismatched;
        public readonly List<CoStreamWriter> ClientWriters = new();
    }

    private static IEnumerable<Yield> CloseCounted(CoStreamWriter writer, Action closed)
    {
        yield return writer.CloseAndWait();
        closed();
    }

    private static IEnumerable<Yield> Serve(Counts counts, CoStreamReader reader, CoStreamWriter writer)
    {
        counts.ServerOpen++;
        counts.ServerServed++;
        yield return Defer(() => FromIterator(CloseCounted(writer, () => counts.ServerOpen--)));
        using var lines = reader.Lines();
        while (true)
        {
            yield return lines.Next();
            if (lines.Ended)
            {
                break;
            }

            writer.WriteLine(lines.Current);
            yield return writer.Drain();
        }
    }

    private static IEnumerable<Yield> Client(Counts counts, int port, int id)
    {
        var connecting = OpenConnection(Loopback.Host, port);
        yield return connecting;
        var (reader, writer) = connecting.Result;
        counts.ClientsOpen++;
        counts.ClientsConnected++;
        counts.ClientWriters.Add(writer);
        yield return Defer(() => FromIterator(CloseCounted(writer, () => counts.ClientsOpen--)));
        using var replies = reader.Lines();
        for (var i = 0; ; i++)
        {
            var message = $"client {id} line {i}";
            writer.WriteLine(message);
            yield return writer.Drain();
            yield return replies.Next();
            if (replies.Ended)
            {
                yield break;
            }

            counts.Exchanged++;
            if (replies.Current != message)
            {
                counts.Mismatched++;
            }
        }
    }

    private static IEnumerable<Yield<bool>> Until(Func<bool> condition)
    {
        while (!condition())
        {
            yield return Sleep(0.005);
        }

        yield return Return(true);
    }

    [Fact]
    public void Two_hundred_clients_cancelled_mid_exchange_leave_no_open_connection_on_either_side()
    {
        var counts = new Counts();
        var clientsOpenWhenTheirTasksEnded = -1;
        CoServer? server = null;
        IEnumerable<Yield> Main()
        {
            var starting = StartServer((r, w) => FromIterator(Serve(counts, r, w)), Loopback.Host, 0);
            yield return starting;
            server = starting.Result;
            yield return Defer(server.CloseAndWait);
            var clients = Enumerable.Range(0, Clients)
                .Select(id => CreateTask(FromIterator(Client(counts, server.Port, id))))
                .ToList();

            // Mid-exchange: every client connected and the lines flowing.
            yield return FromIterator(Until(() => counts.ClientsConnected == Clients && counts.Exchanged >= Clients * 3));
            clients.ForEach(client => client.Cancel());
            yield return Gather(clients, returnExceptions: true);
            clientsOpenWhenTheirTasksEnded = counts.ClientsOpen;
            Assert.All(clients, client => Assert.True(client.Cancelled));

            // The server sees each client's close as the end of its lines and closes its side in turn.
            yield return FromIterator(Until(() => counts.ServerOpen == 0 && server.ActiveConnections == 0));
        }

        var errors = Loopback.Run(Main, seconds: 60);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(3).Select(e => $"{e.Message}: {e.Exception}")));
        Assert.Equal(0, clientsOpenWhenTheirTasksEnded);
        Assert.Equal(Clients, counts.ServerServed);
        Assert.Equal(0, counts.ServerOpen);
        Assert.Equal(0, server!.ActiveConnections);
        Assert.False(server.IsServing);
        Assert.True(server.WaitClosed().Done);
        Assert.Equal(Clients, counts.ClientWriters.Count);
        Assert.All(counts.ClientWriters, writer => Assert.True(writer.IsClosing && writer.WaitClosed().Done));
        Assert.Equal(0, counts.Mismatched);
    }
}
