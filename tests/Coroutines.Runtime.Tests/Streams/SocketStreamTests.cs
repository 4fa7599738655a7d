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
}
