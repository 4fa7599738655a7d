using System.Net;
using System.Net.Sockets;

namespace Coroutines;

/// <summary>
/// One connection's flow control, whatever carries the bytes (asyncio's transport): buffers writes for a
/// <see cref="CoStreamWriter"/>, feeds a <see cref="CoStreamReader"/>, and runs the close/lost state machine. A
/// real socket (<see cref="SocketTransport"/>) and a simulated link (<see cref="SimulatedTransport"/>) differ only
/// in how bytes leave and arrive: the abstract members below.
/// </summary>
/// <remarks>
/// Invariants: every field is touched on the loop thread only; at most one send is in flight (<c>Sending</c>);
/// buffered bytes (in flight included) drive the high/low water marks <see cref="Drain"/> waits on; once the
/// connection is lost the medium is closed, the reader got EOF or the failure, drain waiters are released and
/// <see cref="WaitClosed"/> is done.
/// </remarks>
internal abstract class Transport
{
    internal const int DefaultHighWater = 64 * 1024;
    internal const int DefaultLowWater = 16 * 1024;

    private readonly List<Future<VoidResult>> _drainWaiters = new();
    private readonly Future<VoidResult> _closed;
    private Action<Transport>? _onClosed;
    private bool _writePaused;
    private bool _eofRequested;
    private bool _closing;
    private bool _closeCalled;
    private Exception? _lostException;
    private int _highWater = DefaultHighWater;
    private int _lowWater = DefaultLowWater;

    protected Transport(EventLoop loop, CoStreamReader reader)
    {
        Loop = loop;
        Reader = reader;
        _closed = new Future<VoidResult>(loop);
        reader.Attach(this);
    }

    public EventLoop Loop { get; }

    protected CoStreamReader Reader { get; }

    /// <summary>Bytes accepted and not yet handed to the medium (an in-flight send included).</summary>
    protected ByteBuffer WriteBuffer { get; } = new();

    /// <summary>A send is in flight: its bytes are still counted in <see cref="WriteBuffer"/>.</summary>
    protected bool Sending { get; set; }

    protected bool ReadingPaused { get; private set; }

    /// <summary>The peer's end of stream arrived: no more reads.</summary>
    protected bool EofReceived { get; set; }

    protected bool EofRequested => _eofRequested;

    public abstract EndPoint? RemoteEndPoint { get; }

    public abstract EndPoint? LocalEndPoint { get; }

    /// <summary>The socket underneath, if there is one (none for a simulated link).</summary>
    public virtual Socket? Socket => null;

    public bool IsClosing => _closing;

    public bool IsLost { get; private set; }

    public int WriteBufferSize => WriteBuffer.Count;

    public int HighWater => _highWater;

    public int LowWater => _lowWater;

    /// <summary>A fresh future per caller, so that cancelling one waiter leaves the others waiting.</summary>
    public Future WaitClosed() => Follow(_closed);

    /// <summary>Starts reading; <paramref name="onClosed"/> runs on the loop once the connection is gone.</summary>
    public void Start(Action<Transport>? onClosed = null)
    {
        _onClosed = onClosed;
        ArmRead();
    }

    public void PauseReading() => ReadingPaused = true;

    public void ResumeReading()
    {
        ReadingPaused = false;
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

        if (IsLost || data.IsEmpty)
        {
            // asyncio drops writes to a lost connection; the failure surfaces at Drain().
            return;
        }

        if (!Sending && WriteBuffer.Count == 0)
        {
            int sent = TrySendNow(data);
            if (IsLost)
            {
                return;
            }

            data = data[sent..];
            if (data.IsEmpty)
            {
                return;
            }
        }

        WriteBuffer.Append(data);
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
        if (!Sending && WriteBuffer.Count == 0)
        {
            ShutdownSend();
        }
    }

    public Future Drain()
    {
        var future = new Future<VoidResult>(Loop);
        if (Reader.Exception is { } readError)
        {
            future.SetException(readError);
        }
        else if (IsLost)
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
        if (!Sending && WriteBuffer.Count == 0)
        {
            ConnectionLost(null);
        }
    }

    /// <summary>Closes at once, dropping what is buffered.</summary>
    public void Abort()
    {
        _closeCalled = true;
        _closing = true;
        AbortMedium();
        ConnectionLost(null);
    }

    /// <summary>This medium can receive straight into a reader's destination (<see cref="TryReceiveInto"/>).</summary>
    public virtual bool CanReceiveInto => false;

    /// <summary>
    /// Receives into <paramref name="destination"/> now, on the reading task's step: the count (0 at the end of the
    /// stream), or <see langword="null"/> when nothing is there yet (a readiness wait is then armed, and it wakes the
    /// reader through <see cref="CoStreamReader.WakeReceiveInto"/>). A failure loses the connection.
    /// </summary>
    public virtual int? TryReceiveInto(Span<byte> destination) => null;

    /// <summary>Starts waiting for bytes unless a wait is armed, reading is paused, or the stream ended.</summary>
    protected abstract void ArmRead();

    /// <summary>Hands what the medium takes at once to it; returns how many bytes it took.</summary>
    protected abstract int TrySendNow(ReadOnlySpan<byte> data);

    /// <summary>Starts sending the head of <see cref="WriteBuffer"/>; calls <see cref="OnSent"/> when done.</summary>
    protected abstract void StartSend();

    /// <summary>Sends the end of stream (FIN) after what was sent.</summary>
    protected abstract void ShutdownSend();

    /// <summary>Releases the medium once the connection is lost.</summary>
    protected abstract void CloseMedium();

    /// <summary>Tells the peer at once that the connection is dropped (a reset), before <see cref="CloseMedium"/>.</summary>
    protected virtual void AbortMedium()
    {
    }

    /// <summary>A send finished: <paramref name="sent"/> bytes left the buffer, or it failed.</summary>
    protected void OnSent(int sent, Exception? error)
    {
        Sending = false;
        if (IsLost)
        {
            return;
        }

        if (error is not null)
        {
            ConnectionLost(error);
            return;
        }

        WriteBuffer.Skip(sent);
        MaybeResumeWriting();
        if (WriteBuffer.Count > 0)
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

    /// <summary>asyncio's <c>connection_lost</c>: closes the medium and tells everyone waiting.</summary>
    protected void ConnectionLost(Exception? error)
    {
        if (IsLost)
        {
            return;
        }

        IsLost = true;
        _closing = true;
        _lostException = error;
        CloseMedium();
        WriteBuffer.Clear();
        if (error is null)
        {
            Reader.FeedEof();
        }
        else
        {
            Reader.SetException(error);
        }

        _writePaused = false;
        ReleaseDrainWaiters(error);
        _closed.TrySetResult(default);
        _onClosed?.Invoke(this);
        _onClosed = null;
    }

    private void MaybePauseWriting()
    {
        if (!_writePaused && WriteBuffer.Count > _highWater)
        {
            _writePaused = true;
        }
    }

    private void MaybeResumeWriting()
    {
        if (_writePaused && WriteBuffer.Count <= _lowWater)
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
}
