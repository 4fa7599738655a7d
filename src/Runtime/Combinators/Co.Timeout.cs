namespace Coroutines;

public static partial class Co
{
    /// <summary>A deadline <paramref name="seconds"/> from now (asyncio.timeout); null for none. See <see cref="TimeoutScope"/>.</summary>
    public static TimeoutScope Timeout(double? seconds) =>
        new(seconds is double s ? GetRunningLoop().Time() + s : null);

    /// <summary>A deadline at loop time <paramref name="when"/> (asyncio.timeout_at); null for none.</summary>
    public static TimeoutScope TimeoutAt(double? when) => new(when);
}
