using System.Net;
using System.Net.Sockets;

namespace Coroutines;

/// <summary>
/// asyncio's streams over real TCP sockets: <see cref="OpenConnection"/> and <see cref="StartServer"/>. Socket
/// completions happen on the socket engine's threads and are marshalled into the loop with
/// <see cref="EventLoop.CallSoonThreadsafe(Action)"/>; nothing blocks the loop thread and no thread is kept per
/// connection. Use a real-time loop (<see cref="Co.Run(Coroutine, bool)"/>, <c>new EventLoop()</c>), or a
/// <see cref="Simulation"/>, where the same calls run on its in-memory network.
/// </summary>
public static class Streams
{
    /// <summary>The listen backlog <see cref="StartServer"/> uses by default.</summary>
    public const int DefaultBacklog = 1024;

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> (an address or a name, resolved without blocking)
    /// and returns the connection's reader and writer. Fails with the <see cref="SocketException"/> of the connect
    /// (refused, unreachable, unknown host). Cancelling the future (with its task) aborts the connect.
    /// </summary>
    /// <param name="host">An IP address or a host name.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="limit">The reader's buffer limit (see <see cref="CoStreamReader.Limit"/>).</param>
    public static Future<(CoStreamReader Reader, CoStreamWriter Writer)> OpenConnection(string host, int port, int limit = CoStreamReader.DefaultLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        EventLoop loop = Co.GetRunningLoop();
        if (loop.Simulation is { } simulation)
        {
            return simulation.Network.Connect(loop, host, port, limit);
        }

        var future = new Future<(CoStreamReader, CoStreamWriter)>(loop);
        Socket socket = IPAddress.TryParse(host, out IPAddress? address)
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        var cancel = new CancellationTokenSource();
        bool finished = false; // loop thread only: the token source is disposed once the work reported back
        future.AddDoneCallback(f =>
        {
            if (f.Cancelled && !finished)
            {
                cancel.Cancel();
            }
        });

        // The connect is bounded outside work: a virtual clock must not jump past it.
        loop.BeginExternalWork();
        _ = ConnectAsync();
        return future;

        async Task ConnectAsync()
        {
            Exception? error = null;
            try
            {
                if (address is not null)
                {
                    await socket.ConnectAsync(new IPEndPoint(address, port), cancel.Token).ConfigureAwait(false);
                }
                else
                {
                    await socket.ConnectAsync(host, port, cancel.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (!SocketTransport.TryPost(loop, () => OnConnected(error)))
            {
                socket.Dispose();
                loop.EndExternalWork();
            }
        }

        void OnConnected(Exception? error)
        {
            loop.EndExternalWork();
            finished = true;
            cancel.Dispose();
            if (future.Done)
            {
                socket.Dispose();
                return;
            }

            if (error is not null)
            {
                socket.Dispose();
                future.SetException(error);
                return;
            }

            try
            {
                var reader = new CoStreamReader(limit, loop);
                var transport = new SocketTransport(loop, socket, reader);
                var writer = new CoStreamWriter(transport, reader);
                transport.Start();
                future.SetResult((reader, writer));
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                socket.Dispose();
                future.SetException(ex);
            }
        }
    }

    /// <summary>
    /// Starts a TCP server on <paramref name="host"/>:<paramref name="port"/> (port 0: the system picks one, see
    /// <see cref="CoServer.Port"/>); each accepted connection runs <paramref name="handler"/> as a task. A host name
    /// is resolved without blocking and the server binds its first address; <see langword="null"/> or <c>""</c>
    /// binds every IPv4 interface. Fails with the <see cref="SocketException"/> of the bind (address in use...).
    /// </summary>
    /// <param name="handler">Makes the coroutine serving one connection, e.g. <c>(r, w) =&gt; Co.FromIterator(Serve(r, w))</c>.</param>
    /// <param name="host">An IP address, a host name, or <see langword="null"/> for all interfaces.</param>
    /// <param name="port">The TCP port, or 0.</param>
    /// <param name="limit">The buffer limit of each connection's reader.</param>
    /// <param name="backlog">The listen backlog.</param>
    public static Future<CoServer> StartServer(
        Func<CoStreamReader, CoStreamWriter, Coroutine> handler,
        string? host,
        int port,
        int limit = CoStreamReader.DefaultLimit,
        int backlog = DefaultBacklog)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        EventLoop loop = Co.GetRunningLoop();
        if (loop.Simulation is { } simulation)
        {
            return simulation.Network.Listen(loop, handler, host, port, limit);
        }

        var future = new Future<CoServer>(loop);
        if (string.IsNullOrEmpty(host) || IPAddress.TryParse(host, out _))
        {
            Listen(string.IsNullOrEmpty(host) ? IPAddress.Any : IPAddress.Parse(host));
            return future;
        }

        loop.BeginExternalWork();
        _ = ResolveAsync();
        return future;

        async Task ResolveAsync()
        {
            IPAddress[]? addresses = null;
            Exception? error = null;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (SocketTransport.TryPost(loop, () =>
                {
                    loop.EndExternalWork();
                    if (future.Done)
                    {
                        return;
                    }

                    if (error is not null || addresses!.Length == 0)
                    {
                        future.SetException(error ?? new SocketException((int)SocketError.HostNotFound));
                        return;
                    }

                    Listen(addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0]);
                }))
            {
                return;
            }

            loop.EndExternalWork();
        }

        void Listen(IPAddress address)
        {
            var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (!OperatingSystem.IsWindows())
                {
                    // asyncio's reuse_address default on POSIX: restart on a port still in TIME_WAIT.
                    listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }

                listener.Bind(new IPEndPoint(address, port));
                listener.Listen(backlog);
            }
            catch (SocketException ex)
            {
                listener.Dispose();
                future.SetException(ex);
                return;
            }

            var server = new CoServer(loop, listener, handler, limit);
            server.Start();
            future.SetResult(server);
        }
    }
}
