namespace Coroutines;

/// <summary>
/// How often the simulated network misbehaves, per connection, with the seed picking which connections, where in
/// the stream and for how long. Each drawn fault is written to the trace as the <see cref="NetworkFault"/> it became.
/// </summary>
public sealed record FaultRates
{
    /// <summary>No faults.</summary>
    public static FaultRates None { get; } = new();

    /// <summary>Every kind of fault at a few percent: a reasonable default for exploration.</summary>
    public static FaultRates Some { get; } = new()
    {
        Refuse = 0.02,
        Reset = 0.03,
        HalfClose = 0.02,
        StopReading = 0.05,
        Partition = 0.03,
        SlowLink = 0.05,
    };

    /// <summary>Chance a connection attempt is refused although the port listens.</summary>
    public double Refuse { get; init; }

    /// <summary>Chance a connection is reset somewhere within its first <see cref="WithinBytes"/> bytes.</summary>
    public double Reset { get; init; }

    /// <summary>Chance one direction of a connection ends early (the peer's FIN arrives; what it sends after is lost).</summary>
    public double HalfClose { get; init; }

    /// <summary>Chance one side stops reading for up to <see cref="MaxStallSeconds"/> (its peer's writes back up).</summary>
    public double StopReading { get; init; }

    /// <summary>Chance a connection's link is cut for up to <see cref="MaxStallSeconds"/> and then heals (nothing is lost:
    /// TCP retransmits once it heals).</summary>
    public double Partition { get; init; }

    /// <summary>Chance a connection runs over a slow link: 20 times the latency, a hundredth of the bandwidth.</summary>
    public double SlowLink { get; init; }

    /// <summary>Where in the stream (bytes) a reset, half-close or stop is placed (default 1 MiB).</summary>
    public long WithinBytes { get; init; } = 1024 * 1024;

    /// <summary>The longest stall or partition, in seconds (default 2).</summary>
    public double MaxStallSeconds { get; init; } = 2;
}
