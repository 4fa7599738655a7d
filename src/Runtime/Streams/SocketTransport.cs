using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Coroutines;

/// <summary>
/// A connected TCP socket driven from one event loop (asyncio's selector socket transport): the socket half of a
/// <see cref="Transport"/>.
/// </summary>
/// <remarks>
/// <para>Reading is readiness-based, like libuv and asyncio: a zero-byte <c>ReceiveAsync</c> waits on the socket
/// engine (no thread, no buffer pinned per idle connection); its completion is posted to the loop with
/// <see cref="EventLoop.CallSoonThreadsafe(Action)"/>, and the loop thread then drains the socket with
/// non-blocking <c>Receive</c> calls into one per-thread buffer. No read is armed while the reader is paused.</para>
/// <para>Writing tries a non-blocking <c>Send</c> at once when nothing is queued; the rest is buffered and sent
/// by one <c>SendAsync</c> at a time from a pooled copy, whose completion is posted back.</para>
/// <para>At most one readiness wait is in flight. Readiness waits and sends are not counted as external work: an idle
/// connection must not freeze a virtual clock (sockets are for real-time loops; a simulation has its own network).</para>
/// </remarks>
internal sealed class SocketTransport : Transport
{
    private const int ReadBufferSize = 64 * 1024;
    private const int ReadsPerWakeup = 4;
    private const int MaxSendChunk = 256 * 1024;

    [ThreadStatic]
    private static byte[]? t_readBuffer;

    private readonly Socket _socket;
    private bool _receiving;
    private int _receivedInARow;

    public SocketTransport(EventLoop loop, Socket socket, CoStreamReader reader)
        : base(loop, reader)
    {
        _socket = socket;
        RemoteEndPoint = socket.RemoteEndPoint;
        LocalEndPoint = socket.LocalEndPoint;
        socket.Blocking = false;
        try
        {
            socket.NoDelay = true;
        }
        catch (SocketException)
        {
            // Not every stream socket supports TCP_NODELAY; asyncio ignores that as well.
        }
    }

    public override EndPoint? RemoteEndPoint { get; }

    public override EndPoint? LocalEndPoint { get; }

    public override Socket Socket => _socket;

    protected override void ArmRead()
    {
        if (_receiving || ReadingPaused || EofReceived || IsLost)
        {
            return;
        }

        _receiving = true;
        _ = WaitReadableAsync();
    }

    private async Task WaitReadableAsync()
    {
        Exception? error = null;
        try
        {
            await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Post(() => OnReadable(error));
    }

    private void OnReadable(Exception? error)
    {
        _receiving = false;
        if (IsLost)
        {
            return;
        }

        if (error is not null)
        {
            ConnectionLost(error);
            return;
        }

        _receivedInARow = 0;
        if (Reader.WakeReceiveInto())
        {
            return; // the waiting ReadInto receives the bytes itself, straight into its memory
        }

        byte[] buffer = t_readBuffer ??= new byte[ReadBufferSize];
        for (int i = 0; i < ReadsPerWakeup && !ReadingPaused && !IsLost; i++)
        {
            int n = _socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out SocketError status);
            if (status == SocketError.WouldBlock)
            {
                break;
            }

            if (status != SocketError.Success)
            {
                ConnectionLost(new SocketException((int)status));
                return;
            }

            if (n == 0)
            {
                EofReceived = true;
                Reader.FeedEof();
                return;
            }

            Reader.FeedData(buffer.AsSpan(0, n));
            if (n < buffer.Length)
            {
                break;
            }
        }

        ArmRead();
    }

    public override bool CanReceiveInto => true;

    public override int? TryReceiveInto(Span<byte> destination)
    {
        // At most ReadsPerWakeup receives in a row without going back to the loop: a connection that never runs dry
        // must not keep its reader's task stepping while the others wait.
        if (_receiving || ReadingPaused || IsLost || _receivedInARow == ReadsPerWakeup)
        {
            ArmRead();
            return null;
        }

        int n = _socket.Receive(destination, SocketFlags.None, out SocketError status);
        if (status == SocketError.WouldBlock)
        {
            ArmRead();
            return null;
        }

        if (status != SocketError.Success)
        {
            ConnectionLost(new SocketException((int)status));
            return null;
        }

        if (n == 0)
        {
            EofReceived = true;
            Reader.FeedEof();
            return 0;
        }

        _receivedInARow++;
        return n;
    }

    protected override int TrySendNow(ReadOnlySpan<byte> data)
    {
        int sent = _socket.Send(data, SocketFlags.None, out SocketError status);
        if (status == SocketError.Success)
        {
            return sent;
        }

        if (status != SocketError.WouldBlock)
        {
            ConnectionLost(new SocketException((int)status));
        }

        return 0;
    }

    protected override void StartSend()
    {
        if (Sending || IsLost || WriteBuffer.Count == 0)
        {
            return;
        }

        int n = Math.Min(WriteBuffer.Count, MaxSendChunk);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(n);
        WriteBuffer.Peek(chunk.AsSpan(0, n));
        Sending = true;
        _ = SendAsync(chunk, n);
    }

    private async Task SendAsync(byte[] chunk, int count)
    {
        Exception? error = null;
        int sent = 0;
        try
        {
            while (sent < count)
            {
                sent += await _socket.SendAsync(chunk.AsMemory(sent, count - sent), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }

        ArrayPool<byte>.Shared.Return(chunk);
        Post(() => OnSent(sent, error));
    }

    protected override void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException ex)
        {
            ConnectionLost(ex);
        }
    }

    protected override void CloseMedium()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset or never fully connected: closing is all that is left.
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    /// <summary>Marshals a completion onto the loop; if the loop is closed, nobody will read this socket again.</summary>
    private void Post(Action action)
    {
        if (!TryPost(Loop, action))
        {
            _socket.Dispose();
        }
    }

    internal static bool TryPost(EventLoop loop, Action action) => loop.TryCallSoonThreadsafe(action);
}
