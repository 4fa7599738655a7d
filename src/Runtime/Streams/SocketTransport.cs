using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Coroutines;

/// <summary>
/// A connected TCP socket driven from one event loop (asyncio's selector socket transport), feeding a
/// <see cref="CoStreamReader"/> and buffering writes for a <see cref="CoStreamWriter"/>.
/// </summary>
/// <remarks>
/// <para>Reading is readiness-based, like libuv and asyncio: a zero-byte <c>ReceiveAsync</c> waits on the socket
/// engine (no thread, no buffer pinned per idle connection); its completion is posted to the loop with
/// <see cref="EventLoop.CallSoonThreadsafe(Action)"/>, and the loop thread then drains the socket with
/// non-blocking <c>Receive</c> calls into one per-thread buffer. No read is armed while the reader is paused.</para>
/// <para>Writing tries a non-blocking <c>Send</c> at once when nothing is queued; the rest is buffered and sent
/// by one <c>SendAsync</c> at a time from a pooled copy, whose completion is posted back. Buffered bytes (in flight
/// included) drive the high/low water marks that <see cref="Drain"/> waits on.</para>
/// <para>Invariants: every field is touched on the loop thread only; at most one readiness wait and one send are
/// in flight; once <c>_lost</c> is set the socket is disposed, the reader got EOF or the failure, drain waiters are
/// released and <c>_closed</c> is done. Readiness waits and sends are not counted as external work: an idle
/// connection must not freeze a virtual clock (streams are meant for real-time loops).</para>
/// </remarks>
internal sealed class SocketTransport
{
    internal const int DefaultHighWater = 64 * 1024;
    internal const int DefaultLowWater = 16 * 1024;
    private const int ReadBufferSize = 64 * 1024;
    private const int ReadsPerWakeup = 4;
    private const int MaxSendChunk = 256 * 1024;

    [ThreadStatic]
    private static byte[]? t_readBuffer;

    private readonly EventLoop _loop;
    private readonly Socket _socket;
    private readonly CoStreamReader _reader;
    private readonly ByteBuffer _writeBuffer = new();
    private readonly List<Future<VoidResult>> _drainWaiters = new();
    private readonly Future<VoidResult> _closed;
    private Action<SocketTransport>? _onClosed;
    private bool _receiving;
    private bool _readingPaused;
    private bool _eofReceived;
    private bool _sending;
    private bool _writePaused;
    private bool _eofRequested;
    private bool _closing;
    private bool _closeCalled;
    private bool _lost;
    private Exception? _lostException;
    private int _highWater = DefaultHighWater;
    private int _lowWater = DefaultLowWater;

    public SocketTransport(EventLoop loop, Socket socket, CoStreamReader reader)
    {
        _loop = loop;
        _socket = socket;
        _reader = reader;
        _closed = new Future<VoidResult>(loop);
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

        reader.Attach(this);
    }

    public EndPoint? RemoteEndPoint { get; }

    public EndPoint? LocalEndPoint { get; }

    public Socket Socket => _socket;

    public EventLoop Loop => _loop;

    public bool IsClosing => _closing;

    public bool IsLost => _lost;

    public int WriteBufferSize => _writeBuffer.Count;

    public int HighWater => _highWater;

    public int LowWater => _lowWater;

    /// <summary>A fresh future per caller, so that cancelling one waiter leaves the others waiting.</summary>
    public Future WaitClosed() => Follow(_closed);

    /// <summary>Starts reading; <paramref name="onClosed"/> runs on the loop once the connection is gone.</summary>
    public void Start(Action<SocketTransport>? onClosed = null)
    {
        _onClosed = onClosed;
        ArmRead();
    }

    public void PauseReading() => _readingPaused = true;

    public void ResumeReading()
    {
        _readingPaused = false;
        ArmRead();
    }

    public void SetWriteBufferLimits(int high, int low)
    {
        if (high < 0 || low < 0 || low > high)
        {
            throw new ArgumentOutOfRangeException(nameof(high), $"high ({high}) must be >= low ({low}) >= 0.");
        }

        _highWater = high;
        _lowWater = low;
        MaybePauseWriting();
        MaybeResumeWriting();
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_eofRequested)
        {
            throw new InvalidOperationException("Cannot write after WriteEof().");
        }

        if (_closeCalled)
        {
            throw new InvalidOperationException("Cannot write after Close() or Abort().");
        }

        if (_lost || data.IsEmpty)
        {
            // asyncio drops writes to a lost connection; the failure surfaces at Drain().
            return;
        }

        if (!_sending && _writeBuffer.Count == 0)
        {
            int sent = TrySendNow(data);
            if (_lost)
            {
                return;
            }

            data = data[sent..];
            if (data.IsEmpty)
            {
                return;
            }
        }

        _writeBuffer.Append(data);
        MaybePauseWriting();
        StartSend();
    }

    public void WriteEof()
    {
        if (_eofRequested || _closing)
        {
            return;
        }

        _eofRequested = true;
        if (!_sending && _writeBuffer.Count == 0)
        {
            ShutdownSend();
        }
    }

    public Future Drain()
    {
        var future = new Future<VoidResult>(_loop);
        if (_reader.Exception is { } readError)
        {
            future.SetException(readError);
        }
        else if (_lost)
        {
            future.SetException(_lostException ?? new IOException("Connection lost"));
        }
        else if (!_writePaused)
        {
            future.SetResult(default);
        }
        else
        {
            _drainWaiters.Add(future);
        }

        return future;
    }

    /// <summary>Closes after the buffered bytes are sent (asyncio's <c>close()</c>).</summary>
    public void Close()
    {
        _closeCalled = true;
        if (_closing)
        {
            return;
        }

        _closing = true;
        if (!_sending && _writeBuffer.Count == 0)
        {
            ConnectionLost(null);
        }
    }

    /// <summary>Closes at once, dropping what is buffered.</summary>
    public void Abort()
    {
        _closeCalled = true;
        _closing = true;
        ConnectionLost(null);
    }

    private void ArmRead()
    {
        if (_receiving || _readingPaused || _eofReceived || _lost)
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
        if (_lost)
        {
            return;
        }

        if (error is not null)
        {
            ConnectionLost(error);
            return;
        }

        byte[] buffer = t_readBuffer ??= new byte[ReadBufferSize];
        for (int i = 0; i < ReadsPerWakeup && !_readingPaused && !_lost; i++)
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
                _eofReceived = true;
                _reader.FeedEof();
                return;
            }

            _reader.FeedData(buffer.AsSpan(0, n));
            if (n < buffer.Length)
            {
                break;
            }
        }

        ArmRead();
    }

    private int TrySendNow(ReadOnlySpan<byte> data)
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

    private void StartSend()
    {
        if (_sending || _lost || _writeBuffer.Count == 0)
        {
            return;
        }

        int n = Math.Min(_writeBuffer.Count, MaxSendChunk);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(n);
        _writeBuffer.Peek(chunk.AsSpan(0, n));
        _sending = true;
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

    private void OnSent(int sent, Exception? error)
    {
        _sending = false;
        if (_lost)
        {
            return;
        }

        if (error is not null)
        {
            ConnectionLost(error);
            return;
        }

        _writeBuffer.Skip(sent);
        MaybeResumeWriting();
        if (_writeBuffer.Count > 0)
        {
            StartSend();
            return;
        }

        if (_eofRequested)
        {
            ShutdownSend();
        }

        if (_closing)
        {
            ConnectionLost(null);
        }
    }

    private void ShutdownSend()
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

    private void MaybePauseWriting()
    {
        if (!_writePaused && _writeBuffer.Count > _highWater)
        {
            _writePaused = true;
        }
    }

    private void MaybeResumeWriting()
    {
        if (_writePaused && _writeBuffer.Count <= _lowWater)
        {
            _writePaused = false;
            ReleaseDrainWaiters(null);
        }
    }

    private void ReleaseDrainWaiters(Exception? error)
    {
        if (_drainWaiters.Count == 0)
        {
            return;
        }

        Future<VoidResult>[] waiters = _drainWaiters.ToArray();
        _drainWaiters.Clear();
        foreach (Future<VoidResult> waiter in waiters)
        {
            if (waiter.Done)
            {
                continue; // cancelled with its task
            }

            if (error is null)
            {
                waiter.SetResult(default);
            }
            else
            {
                waiter.SetException(error);
            }
        }
    }

    /// <summary>asyncio's <c>connection_lost</c>: closes the socket and tells everyone waiting.</summary>
    private void ConnectionLost(Exception? error)
    {
        if (_lost)
        {
            return;
        }

        _lost = true;
        _closing = true;
        _lostException = error;
        CloseSocket();
        _writeBuffer.Clear();
        if (error is null)
        {
            _reader.FeedEof();
        }
        else
        {
            _reader.SetException(error);
        }

        _writePaused = false;
        ReleaseDrainWaiters(error);
        _closed.TrySetResult(default);
        _onClosed?.Invoke(this);
        _onClosed = null;
    }

    private void CloseSocket()
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
        if (!TryPost(_loop, action))
        {
            _socket.Dispose();
        }
    }

    /// <summary>A new future of <paramref name="source"/>'s loop that completes when <paramref name="source"/> does.</summary>
    internal static Future Follow(Future<VoidResult> source)
    {
        var follower = new Future<VoidResult>(source.Loop);
        if (source.Done)
        {
            follower.SetResult(default);
            return follower;
        }

        source.AddDoneCallback(_ => follower.TrySetResult(default));
        return follower;
    }

    internal static bool TryPost(EventLoop loop, Action action) => loop.TryCallSoonThreadsafe(action);
}
