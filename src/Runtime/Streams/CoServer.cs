using System.Net;
using System.Net.Sockets;

namespace Coroutines;

/// <summary>
/// A listening TCP server made by <see cref="Streams.StartServer"/> (asyncio's <c>Server</c>): every accepted
/// connection gets a <see cref="CoStreamReader"/>/<see cref="CoStreamWriter"/> pair and runs the handler as its
/// own task. Loop-bound, not thread-safe.
/// </summary>
/// <remarks>
/// <para>Accepting is one <c>AcceptAsync</c> at a time whose completion is posted to the loop; the next accept
/// is armed before the handler task is created. No thread per connection. Under a <see cref="Simulation"/> there is
/// no socket: the simulated network hands connections in.</para>
/// <para>When a handler task ends (returns, fails or is cancelled) its writer is closed, flushing what it wrote; a
/// failure is reported to the loop's exception handler and does not stop the server.</para>
/// <para>Invariants: <c>_connections</c> holds exactly the connections not yet lost; <see cref="WaitClosed"/>
/// completes once <see cref="Close"/> was called and that set is empty (asyncio 3.12).</para>
/// </remarks>
public sealed class CoServer
{
    private readonly EventLoop _loop;
    private readonly Socket? _listener;
    private readonly Action? _stopListening;
    private readonly Func<CoStreamReader, CoStreamWriter, Coroutine> _handler;
    private readonly int _limit;
    private readonly HashSet<Transport> _connections = new();
    private readonly Future<VoidResult> _closedAndIdle;
    private bool _accepting;
    private bool _closed;

    internal CoServer(EventLoop loop, Socket listener, Func<CoStreamReader, CoStreamWriter, Coroutine> handler, int limit)
        : this(loop, (IPEndPoint)listener.LocalEndPoint!, handler, limit)
    {
        _listener = listener;
        Sockets = new[] { listener };
    }

    /// <summary>A server without a socket: <paramref name="stopListening"/> runs at <see cref="Close"/>, and connections
    /// come in through <see cref="Serve(Transport, CoStreamReader)"/> (the simulated network).</summary>
    internal CoServer(EventLoop loop, IPEndPoint localEndPoint, Action stopListening, Func<CoStreamReader, CoStreamWriter, Coroutine> handler, int limit)
        : this(loop, localEndPoint, handler, limit)
    {
        _stopListening = stopListening;
    }

    private CoServer(EventLoop loop, IPEndPoint localEndPoint, Func<CoStreamReader, CoStreamWriter, Coroutine> handler, int limit)
    {
        _loop = loop;
        _handler = handler;
        _limit = limit;
        _closedAndIdle = new Future<VoidResult>(loop);
        LocalEndPoint = localEndPoint;
    }

    /// <summary>The listening sockets (one: the server binds the first address its host resolves to; none under a simulation).</summary>
    public IReadOnlyList<Socket> Sockets { get; } = Array.Empty<Socket>();

    /// <summary>The address the server listens on.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The port the server listens on (the one the system chose when asked for port 0).</summary>
    public int Port => LocalEndPoint.Port;

    /// <summary><see langword="true"/> until <see cref="Close"/>.</summary>
    public bool IsServing => !_closed;

    /// <summary>Connections accepted and not closed yet.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>The buffer limit of each connection's reader.</summary>
    internal int Limit => _limit;

    /// <summary>Connections accepted since the server started.</summary>
    public long TotalConnections { get; private set; }

    /// <summary>Stops listening. Connections already accepted keep running (see <see cref="CloseClients"/>).</summary>
    public void Close()
    {
        _loop.CheckThread();
        if (_closed)
        {
            return;
        }

        _closed = true;
        _listener?.Dispose();
        _stopListening?.Invoke();
        SignalIfClosedAndIdle();
    }

    /// <summary>Closes every accepted connection after its buffered writes (asyncio 3.13's <c>close_clients</c>).</summary>
    public void CloseClients()
    {
        foreach (Transport connection in _connections.ToArray())
        {
            connection.Close();
        }
    }

    /// <summary>Closes every accepted connection at once, dropping buffered writes (asyncio 3.13's <c>abort_clients</c>).</summary>
    public void AbortClients()
    {
        foreach (Transport connection in _connections.ToArray())
        {
            connection.Abort();
        }
    }

    /// <summary>A future done once the server is closed and every accepted connection is closed too.</summary>
    public Future WaitClosed() => Transport.Follow(_closedAndIdle);

    /// <summary>
    /// Stops listening and waits until every accepted connection has closed (asyncio's <c>async with server:</c> exit,
    /// <c>close()</c> then <c>wait_closed()</c>): <c>yield return Defer(server.CloseAndWait);</c> right after starting it.
    /// </summary>
    public Coroutine CloseAndWait() => Co.FromIterator(CloseThenWait());

    private IEnumerable<Yield> CloseThenWait()
    {
        Close();
        yield return WaitClosed();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"<CoServer {(_closed ? "closed" : "serving")} {LocalEndPoint} connections={_connections.Count}>";

    internal void Start()
    {
        if (_listener is not null)
        {
            ArmAccept();
        }
    }

    private void ArmAccept()
    {
        if (_accepting || _closed)
        {
            return;
        }

        _accepting = true;
        _ = AcceptAsync(_listener!);
    }

    private async Task AcceptAsync(Socket listener)
    {
        Socket? accepted = null;
        Exception? error = null;
        try
        {
            accepted = await listener.AcceptAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        if (!SocketTransport.TryPost(_loop, () => OnAccepted(accepted, error)))
        {
            accepted?.Dispose();
        }
    }

    private void OnAccepted(Socket? accepted, Exception? error)
    {
        _accepting = false;
        if (_closed)
        {
            accepted?.Dispose();
            return;
        }

        if (error is not null)
        {
            // asyncio logs and keeps accepting (after a pause, so a full descriptor table is not a busy loop).
            _loop.CallExceptionHandler(new LoopExceptionContext("Error on accepting a connection", error, null));
            _loop.CallLater(0.1, ArmAccept);
            return;
        }

        ArmAccept();
        Serve(accepted!);
    }

    private void Serve(Socket socket)
    {
        var reader = new CoStreamReader(_limit, _loop);
        SocketTransport transport;
        try
        {
            transport = new SocketTransport(_loop, socket, reader);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset before we could look at it: nothing to serve.
            socket.Dispose();
            return;
        }

        Serve(transport, reader);
    }

    /// <summary>Runs the handler on an accepted connection.</summary>
    internal void Serve(Transport transport, CoStreamReader reader)
    {
        var writer = new CoStreamWriter(transport, reader);
        _connections.Add(transport);
        TotalConnections++;
        transport.Start(OnConnectionClosed);

        CoroutineTask task;
        try
        {
            task = _loop.CreateTask(_handler(reader, writer));
        }
        catch (Exception ex)
        {
            _loop.CallExceptionHandler(new LoopExceptionContext("Client connection handler failed to start", ex, null));
            transport.Abort();
            return;
        }

        task.AddDoneCallback(done =>
        {
            if (!done.Cancelled && done.Exception is { } failure)
            {
                _loop.CallExceptionHandler(new LoopExceptionContext("Unhandled exception in client connection handler", failure, done));
            }

            writer.Close();
        });
    }

    private void OnConnectionClosed(Transport transport)
    {
        _connections.Remove(transport);
        SignalIfClosedAndIdle();
    }

    private void SignalIfClosedAndIdle()
    {
        if (_closed && _connections.Count == 0)
        {
            _closedAndIdle.TrySetResult(default);
        }
    }
}
