namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// Suspends for at least <paramref name="seconds"/> of loop time. <c>Sleep(0)</c> (like <c>yield return default</c>)
    /// gives way: it resumes on the next loop iteration, after the callbacks already queued.
    /// </summary>
    public static Yield Sleep(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), "Sleep needs a number of seconds.");
        }

        return seconds > 0 ? new Yield(YieldKind.Sleep, null, seconds) : default;
    }

    /// <summary>Suspends for at least <paramref name="delay"/> of loop time.</summary>
    public static Yield Sleep(TimeSpan delay) => Sleep(delay.TotalSeconds);

    /// <summary>Ends a coroutine without a result (after its enclosing <c>finally</c> blocks run).</summary>
    public static Yield Return() => new(YieldKind.Return, null);

    /// <summary>Completes the coroutine with <paramref name="value"/>, after its enclosing <c>finally</c> blocks run.</summary>
    public static Yield<T> Return<T>(T value) => new(new Yield(YieldKind.Return, null), value);
}
