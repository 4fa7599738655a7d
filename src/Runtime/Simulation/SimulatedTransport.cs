using System.Net;
using System.Net.Sockets;

namespace Coroutines;

/// <summary>
/// One end of a <see cref="SimulatedConnection"/>: the simulated half of a <see cref="Transport"/>. Writes go into the
/// outgoing <see cref="SimulatedPipe"/> as far as its window allows; arriving segments wait in <c>_held</c> while the
/// reader is paused or the end is stalled by a fault, so back-pressure reaches the peer's <c>Drain</c> as it would
/// through real sockets.
/// </summary>
internal sealed class SimulatedTransport : Transport
{
    private readonly SimulatedConnection _connection;
    private readonly ConnectionSide _side;
    private readonly Queue<Segment> _held = new();
    private long _received;
    private bool _stalled;
    private bool _waitingForWindow;
    private bool _resetSentBack;
    private bool _deliveryArmed;

    public SimulatedTransport(SimulatedConnection connection, ConnectionSide side, CoStreamReader reader, IPEndPoint local, IPEndPoint remote)
        : base(connection.Network.Loop, reader)
    {
        _connection = connection;
        _side = side;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
    }

    public override EndPoint? RemoteEndPoint { get; }

    public override EndPoint? LocalEndPoint { get; }

    /// <summary>Set when the connect future completes; the client end's first segment (the handshake's answer) does it.</summary>
    public Action? OnEstablished { get; set; }

    private SimulatedPipe Output => _connection.Output(_side);

    private SimulatedPipe Input => _connection.Output(_side == ConnectionSide.Client ? ConnectionSide.Server : ConnectionSide.Client);

    /// <summary>A segment arrived from the peer.</summary>
    public void Receive(SimulatedPipe pipe, Segment segment)
    {
        switch (segment.Kind)
        {
            case SegmentKind.Established:
                OnEstablished?.Invoke();
                OnEstablished = null;
                return;
            case SegmentKind.Reset:
                _held.Clear();
                if (!IsLost)
                {
                    _connection.Network.Trace($"net {_connection.Describe(pipe.From)}: reset");
                    ConnectionLost(new SocketException((int)SocketError.ConnectionReset));
                }

                return;
        }

        if (IsLost)
        {
            // Closed here: data for a closed socket draws a reset (the peer's writes then fail), as a kernel does.
            if (segment.Kind == SegmentKind.Data && !_resetSentBack)
            {
                _resetSentBack = true;
                Output.SendReset();
            }

            return;
        }

        _connection.Network.Trace(segment.Kind == SegmentKind.Data
            ? $"net {_connection.Describe(pipe.From)}: {segment.Data!.Length} bytes"
            : $"net {_connection.Describe(pipe.From)}: end of stream");
        _held.Enqueue(segment);
        Deliver();
    }

    /// <summary>The peer read: what waited for window space goes out.</summary>
    public void OnWindowOpened()
    {
        if (_waitingForWindow && !IsLost)
        {
            _waitingForWindow = false;
            Sending = false;
            StartSend();
        }
    }

    /// <summary>
    /// Reading resumed: what is held is delivered on the loop's next turn, never inside this call — a reader resumes
    /// its transport just before it parks on its data waiter, and bytes fed before the waiter exists would wake
    /// nobody (a socket's readiness arrives through the loop too).
    /// </summary>
    protected override void ArmRead()
    {
        if (_deliveryArmed || _held.Count == 0)
        {
            return;
        }

        _deliveryArmed = true;
        Loop.CallSoon(() =>
        {
            _deliveryArmed = false;
            Deliver();
        });
    }

    private void Deliver()
    {
        while (_held.Count > 0 && !ReadingPaused && !IsLost)
        {
            if (_stalled)
            {
                return;
            }

            Segment segment = _held.Dequeue();
            if (segment.Kind == SegmentKind.Fin)
            {
                EofReceived = true;
                Reader.FeedEof();
                continue;
            }

            byte[] data = segment.Data!;
            _received += data.Length;
            Reader.FeedData(data);
            Input.Consumed(data.Length);
            double stalledUntil = _connection.StallAfterReading(_side, _received);
            if (stalledUntil > 0)
            {
                _stalled = true;
                Loop.CallAt(stalledUntil, () =>
                {
                    _stalled = false;
                    Deliver();
                });
            }
        }
    }

    protected override int TrySendNow(ReadOnlySpan<byte> data)
    {
        int n = Math.Min(data.Length, Output.FreeWindow);
        Output.SendData(data[..n]);
        return n;
    }

    protected override void StartSend()
    {
        if (Sending || IsLost || WriteBuffer.Count == 0)
        {
            return;
        }

        Sending = true;
        int n = Math.Min(WriteBuffer.Count, Output.FreeWindow);
        if (n == 0)
        {
            _waitingForWindow = true;
            return;
        }

        byte[] chunk = new byte[n];
        WriteBuffer.Peek(chunk);
        Output.SendData(chunk);
        OnSent(n, null);
    }

    protected override void ShutdownSend() => Output.SendFin();

    protected override void AbortMedium()
    {
        if (!IsLost)
        {
            Output.SendReset();
        }
    }

    protected override void CloseMedium()
    {
        // Closing with bytes still unread resets the connection instead of a FIN (what Linux does): a peer blocked on a
        // window this side will never open learns at once.
        if (Input.Unread > 0)
        {
            Output.SendReset();
        }
        else
        {
            Output.SendFin();
        }

        _held.Clear();
        _connection.Network.Trace($"net {_connection.Describe(_side)}: closed");
        _connection.OnSideClosed();
    }
}
