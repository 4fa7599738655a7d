namespace Coroutines;

/// <summary>Which end of a connection a fault acts on: the side that connected or the side that accepted.</summary>
public enum ConnectionSide
{
    /// <summary>The side that called <c>Streams.OpenConnection</c> (or <c>Http.Get</c>).</summary>
    Client,

    /// <summary>The side a server accepted.</summary>
    Server,
}

/// <summary>
/// One fault of the simulated network, scripted (<see cref="SimulationOptions.Script"/>) or drawn by the seed
/// (<see cref="SimulationOptions.Faults"/>). Connections are numbered 0, 1, 2… in the order they are opened, which a
/// seed makes the same on every run.
/// </summary>
public abstract record NetworkFault
{
    private protected NetworkFault()
    {
    }

    /// <summary>Connection attempt <paramref name="connection"/> is refused, as if nobody listened.</summary>
    public static NetworkFault Refuse(int connection) => new RefuseFault(connection);

    /// <summary>Connection <paramref name="connection"/> is reset once <paramref name="afterBytes"/> bytes have crossed it
    /// (both directions counted): both sides fail with <c>SocketException</c> ConnectionReset.</summary>
    public static NetworkFault Reset(int connection, long afterBytes) => new ResetFault(connection, afterBytes);

    /// <summary><paramref name="side"/>'s output on connection <paramref name="connection"/> ends after
    /// <paramref name="afterBytes"/> bytes: its peer reads the end of the stream there; what it sends after is lost.</summary>
    public static NetworkFault HalfClose(int connection, long afterBytes, ConnectionSide side = ConnectionSide.Server) =>
        new HalfCloseFault(connection, afterBytes, side);

    /// <summary><paramref name="side"/> of connection <paramref name="connection"/> stops reading for
    /// <paramref name="seconds"/> once it has received <paramref name="afterBytes"/> bytes: its peer's writes back up.</summary>
    public static NetworkFault StopReading(int connection, long afterBytes, double seconds, ConnectionSide side = ConnectionSide.Server) =>
        new StopReadingFault(connection, afterBytes, seconds, side);

    /// <summary>Nothing crosses connection <paramref name="connection"/> from simulated time <paramref name="from"/>
    /// until <paramref name="until"/>; then what was held arrives (TCP retransmits).</summary>
    public static NetworkFault Partition(int connection, double from, double until) => new PartitionFault(connection, null, from, until);

    /// <summary>Host <paramref name="host"/> is cut off from <paramref name="from"/> until <paramref name="until"/>: every
    /// connection to it, and every attempt to connect, waits for the heal.</summary>
    public static NetworkFault Partition(string host, double from, double until) => new PartitionFault(null, host, from, until);

    /// <summary>Connection <paramref name="connection"/> runs with <paramref name="latency"/> seconds one way and
    /// <paramref name="bytesPerSecond"/> each way.</summary>
    public static NetworkFault SlowLink(int connection, double latency, double bytesPerSecond) => new SlowLinkFault(connection, latency, bytesPerSecond);

    internal sealed record RefuseFault(int Connection) : NetworkFault
    {
        public override string ToString() => FormattableString.Invariant($"refuse connection {Connection}");
    }

    internal sealed record ResetFault(int Connection, long AfterBytes) : NetworkFault
    {
        public override string ToString() => FormattableString.Invariant($"reset connection {Connection} after {AfterBytes} bytes");
    }

    internal sealed record HalfCloseFault(int Connection, long AfterBytes, ConnectionSide Side) : NetworkFault
    {
        public override string ToString() => FormattableString.Invariant($"half-close connection {Connection}: {Side} output ends after {AfterBytes} bytes");
    }

    internal sealed record StopReadingFault(int Connection, long AfterBytes, double Seconds, ConnectionSide Side) : NetworkFault
    {
        public override string ToString() => FormattableString.Invariant($"connection {Connection}: {Side} stops reading for {Seconds:0.###} s after {AfterBytes} bytes");
    }

    internal sealed record PartitionFault(int? Connection, string? Host, double From, double Until) : NetworkFault
    {
        public override string ToString() => FormattableString.Invariant($"partition {(Host is null ? $"connection {Connection}" : $"host {Host}")} from {From:0.######} s until {Until:0.######} s");
    }

    internal sealed record SlowLinkFault(int Connection, double Latency, double BytesPerSecond) : NetworkFault
    {
        public override string ToString() => FormattableString.Invariant($"slow link on connection {Connection}: {Latency * 1000:0.###} ms, {BytesPerSecond:0} B/s");
    }
}
