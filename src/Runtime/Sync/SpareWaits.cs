namespace Coroutines.Sync;

/// <summary>
/// A primitive's finished wait operations, kept for its next waiting calls: a stack linked through the operations'
/// own <see cref="WaitOperation{TResult}.Next"/> (a finished operation is in no line), so keeping one allocates nothing.
/// </summary>
/// <typeparam name="TResult">The operations' result type.</typeparam>
/// <remarks>
/// <para>Why more than one spare: in a steady state (workers looping over a semaphore, producers over a full queue,
/// tasks re-waiting an event), many tasks finish a wait before any of them waits again. With one spare, nearly every
/// contended wait allocated a new operation (72 B per semaphore acquire), an allocation per suspension
/// (<c>LoopBenchmarks.SemaphoreWorkers</c>: 6.3 MB over 1,000 rounds of 100 workers, now 24 KB at any length).</para>
/// <para>Why a cap: a burst (100,000 tasks queued on one semaphore) would otherwise leave every operation it used
/// kept by the primitive for its lifetime. <see cref="MaxKept"/> bounds that to ~18 KB per primitive and covers up to
/// that many tasks cycling through it.</para>
/// </remarks>
internal struct SpareWaits<TResult>
{
    internal const int MaxKept = 256;

    private WaitOperation<TResult>? _first;
    private int _count;

    /// <summary>How many finished operations are kept.</summary>
    public readonly int Count => _count;

    /// <summary>A finished operation to reuse, or <see langword="null"/> when none is kept.</summary>
    public WaitOperation<TResult>? Take()
    {
        WaitOperation<TResult>? spare = _first;
        if (spare is not null)
        {
            _first = spare.Next;
            spare.Next = null;
            _count--;
        }

        return spare;
    }

    /// <summary>Keeps a finished operation (one in no line) unless <see cref="MaxKept"/> are kept already.</summary>
    public void Keep(WaitOperation<TResult> finished)
    {
        if (_count == MaxKept)
        {
            return;
        }

        finished.Next = _first;
        _first = finished;
        _count++;
    }
}
