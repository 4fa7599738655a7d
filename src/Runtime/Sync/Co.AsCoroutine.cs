namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// Wraps a wait (<c>lk.Acquire()</c>, <c>evt.Wait()</c>, <c>q.Put(x)</c>, <c>cond.Wait()</c>, ...) in a coroutine,
    /// so combinators that take coroutines can run it: <c>yield return WaitFor(AsCoroutine(evt.Wait()), 5);</c> is
    /// asyncio's <c>await asyncio.wait_for(event.wait(), 5)</c>. When the combinator cancels it (a timeout), the wait
    /// is cancelled like any other: nothing is acquired, no wake-up is lost.
    /// </summary>
    /// <remarks>A wait that was already satisfied when it was created (a free lock) has already taken effect; the
    /// coroutine then completes at once.</remarks>
    /// <param name="wait">The wait to run, created just before.</param>
    /// <returns>A coroutine that completes with <see langword="true"/> once the wait is over, as asyncio's
    /// <c>acquire()</c> and <c>wait()</c> return <c>True</c>.</returns>
    public static Coroutine<bool> AsCoroutine(Yield wait) => FromIterator(YieldOnce(wait));

    private static IEnumerable<Yield<bool>> YieldOnce(Yield wait)
    {
        yield return wait;
        yield return Return(true);
    }
}
