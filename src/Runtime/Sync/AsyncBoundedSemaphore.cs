namespace Coroutines;

/// <summary>
/// A semaphore that refuses to be released more often than it was acquired (asyncio's <c>BoundedSemaphore</c>):
/// <see cref="Release"/> past the initial value throws.
/// </summary>
public sealed class AsyncBoundedSemaphore : AsyncSemaphore
{
    private readonly int _bound;

    /// <summary>Creates a bounded semaphore with <paramref name="value"/> units, which is also its bound.</summary>
    /// <param name="value">The initial counter and bound, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public AsyncBoundedSemaphore(int value = 1)
        : base(value)
    {
        _bound = value;
    }

    /// <summary>Gives one unit back and wakes the first waiter.</summary>
    /// <exception cref="InvalidOperationException">The value would exceed the initial value (asyncio's <c>ValueError</c>).</exception>
    public override void Release()
    {
        if (Value >= _bound)
        {
            throw new InvalidOperationException("BoundedSemaphore released too many times.");
        }

        base.Release();
    }
}
