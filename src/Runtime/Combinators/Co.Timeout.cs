namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// A deadline <paramref name="seconds"/> from now (asyncio.timeout); null for none. Called in a task, it applies to
    /// that task until disposed: <c>using (Timeout(0.5)) { yield return …; }</c>. See <see cref="TimeoutScope"/>.
    /// </summary>
    public static TimeoutScope Timeout(double? seconds)
    {
        EventLoop loop = GetRunningLoop();
        return new(seconds is double s ? loop.Time() + s : null, loop.CurrentTask);
    }

    /// <summary>A deadline at loop time <paramref name="when"/> (asyncio.timeout_at); null for none. See <see cref="Timeout"/>.</summary>
    public static TimeoutScope TimeoutAt(double? when) => new(when, EventLoop.Current?.CurrentTask);
}
