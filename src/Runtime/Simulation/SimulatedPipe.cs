namespace Coroutines;

/// <summary>
/// One direction of a simulated TCP connection: bytes written at one end arrive at the other, in order, after the
/// link's latency (plus the seed's jitter) and serialization at its bandwidth, rounded up to the time grain.
/// </summary>
/// <remarks>
/// <para>Flow control is the sockets' buffers: at most <see cref="SimulationOptions.Window"/> bytes are in flight or
/// arrived-but-unread; past that the sender's transport keeps them in its own write buffer (where its
/// <c>Drain</c> sees them) until the receiver reads.</para>
/// <para>A partition holds segments until it heals (TCP retransmits, nothing is lost); a reset travels like a segment
/// but the receiver drops what it holds unread; after a FIN (or a half-close fault) the pipe carries nothing more.</para>
/// </remarks>
internal sealed class SimulatedPipe
{
    private const int MaxSegment = 64 * 1024;

    private readonly SimulatedConnection _connection;
    private readonly Queue<Segment> _arriving = new();
    private double _lastDeparture;
    private double _lastArrival;
    private bool _arrivalArmed;
    private bool _resetSent;
    private double _armedFor;

    public SimulatedPipe(SimulatedConnection connection, ConnectionSide from)
    {
        _connection = connection;
        From = from;
    }

    public ConnectionSide From { get; }

    public SimulatedTransport Receiver => _connection.Side(From == ConnectionSide.Client ? ConnectionSide.Server : ConnectionSide.Client);

    public SimulatedTransport Sender => _connection.Side(From);

    /// <summary>Sent and not yet read by the receiving transport (in flight or held).</summary>
    public long Unread { get; private set; }

    /// <summary>Data bytes this direction has carried.</summary>
    public long Carried { get; private set; }

    /// <summary>No more data: a FIN or a reset went out, or a half-close fault ended the direction.</summary>
    public bool Ended { get; private set; }

    /// <summary>Bytes the sender may hand over now.</summary>
    public int FreeWindow => (int)Math.Max(0, _connection.Network.Options.Window - Unread);

    public void SendData(ReadOnlySpan<byte> data)
    {
        if (Ended)
        {
            return; // the direction was cut by a fault: the sender believes it sent
        }

        while (!data.IsEmpty && !Ended)
        {
            int n = Math.Min(data.Length, MaxSegment);
            n = _connection.LimitByFaults(this, n);
            if (n > 0)
            {
                Unread += n;
                Carried += n;
                Schedule(new Segment(SegmentKind.Data, data[..n].ToArray()));
                data = data[n..];
            }

            _connection.AfterCarried(this);
        }
    }

    public void SendFin()
    {
        if (Ended)
        {
            return;
        }

        Ended = true;
        Schedule(new Segment(SegmentKind.Fin, null));
    }

    public void SendReset()
    {
        if (_resetSent)
        {
            return;
        }

        _resetSent = true;
        Ended = true;
        Schedule(new Segment(SegmentKind.Reset, null));
    }

    public void SendEstablished() => Schedule(new Segment(SegmentKind.Established, null));

    /// <summary>The receiver read <paramref name="count"/> bytes: the window opens for the sender.</summary>
    public void Consumed(int count)
    {
        Unread -= count;
        Sender.OnWindowOpened();
    }

    private void Schedule(Segment segment)
    {
        SimulatedNetwork network = _connection.Network;
        double now = network.Now;
        int size = segment.Data?.Length ?? 0;
        double departure = Math.Max(now, _lastDeparture) + size / _connection.BytesPerSecond;
        _lastDeparture = departure;
        double arrival = departure + _connection.Latency + network.Jitter();
        arrival = network.AfterPartitions(_connection, arrival);
        arrival = Math.Max(network.Grain(arrival), _lastArrival);
        _lastArrival = arrival;
        segment.Arrival = arrival;
        _arriving.Enqueue(segment);
        ArmArrival();
    }

    private void ArmArrival()
    {
        if (_arrivalArmed || _arriving.Count == 0)
        {
            return;
        }

        _arrivalArmed = true;
        _armedFor = _arriving.Peek().Arrival;
        _connection.Network.Loop.CallAt(_armedFor, Arrive);
    }

    private void Arrive()
    {
        // Compared with the time armed for, not the clock: a timer fires once the clock is within its resolution of
        // the time, which may read a hair earlier.
        _arrivalArmed = false;
        while (_arriving.Count > 0 && _arriving.Peek().Arrival <= _armedFor)
        {
            Receiver.Receive(this, _arriving.Dequeue());
        }

        ArmArrival();
    }
}

internal enum SegmentKind
{
    Established,
    Data,
    Fin,
    Reset,
}

internal sealed class Segment
{
    public Segment(SegmentKind kind, byte[]? data)
    {
        Kind = kind;
        Data = data;
    }

    public SegmentKind Kind { get; }

    public byte[]? Data { get; }

    public double Arrival { get; set; }
}
