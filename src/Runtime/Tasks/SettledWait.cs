namespace Coroutines;

/// <summary>
/// A primitive's wait run so that its failure stays in it (see <see cref="Co.Settle(Yield)"/>): yield it, then read
/// <see cref="Coroutine.Exception"/>, <see cref="Coroutine.Cancelled"/> or <see cref="Coroutine{T}.Result"/>
/// (<see langword="true"/> once the wait is over; rethrows its failure). It completes when the wait does.
/// </summary>
public sealed class SettledWait : Coroutine<bool>
{
    private readonly Yield _wait;
    private bool _waited;

    internal SettledWait(Yield wait)
    {
        _wait = wait;

        // Yielded directly (no Settle around it), it still settles: that is what it is for.
        SettledByCaller = true;
    }

    /// <inheritdoc/>
    public override string Name => $"Settle({_wait})";

    /// <inheritdoc/>
    protected override bool MoveNext(out Yield<bool> yielded)
    {
        if (!_waited)
        {
            _waited = true;
            yielded = _wait;
            return true;
        }

        yielded = Co.Return(true);
        return true;
    }
}
