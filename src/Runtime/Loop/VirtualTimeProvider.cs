namespace Coroutines;

/// <summary>
/// A manual clock for tests. An <see cref="EventLoop"/> built on it never waits: when nothing is ready it moves
/// the clock to the next timer, so <c>Sleep(3600)</c> finishes in microseconds and orderings are exact.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset s_epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => s_epoch.AddTicks(GetTimestamp());

    /// <summary>Moves the clock forward by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "Time only moves forward.");
        }

        Interlocked.Add(ref _ticks, delta.Ticks);
    }

    /// <summary>Moves the clock so that a loop started at <paramref name="startTimestamp"/> reads at least <paramref name="loopTime"/>.</summary>
    internal void AdvanceTo(long startTimestamp, double loopTime)
    {
        long target = startTimestamp + (long)Math.Ceiling(loopTime * TimeSpan.TicksPerSecond);
        if (target > Interlocked.Read(ref _ticks))
        {
            Interlocked.Exchange(ref _ticks, target);
        }
    }
}
