using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// A barrier for a fixed number of coroutines (asyncio's <c>Barrier</c>): each calls <see cref="Wait"/>, and all are
/// released together once <see cref="Parties"/> of them are waiting. The barrier then drains and refills, so it can
/// be reused cycle after cycle.
/// <code>
/// var arrival = barrier.Wait();
/// yield return arrival;
/// int index = arrival.Result;   // 0 .. Parties-1, unique within a cycle
/// </code>
/// </summary>
/// <remarks>
/// <para>Built on an <see cref="AsyncCondition"/> exactly as asyncio builds it; states: filling (tasks arriving),
/// draining (released tasks leaving), resetting (after <see cref="Reset"/> while tasks waited), broken (after
/// <see cref="Abort"/>). Tasks arriving while it drains or resets wait for the next cycle.</para>
/// <para>Cancellation: a cancelled waiter takes its arrival back, so the cycle still needs <see cref="Parties"/>
/// live arrivals. As in asyncio, the index is the arrival count at entry, so after such a cancellation two tasks of
/// one cycle can get the same index.</para>
/// </remarks>
public sealed class AsyncBarrier
{
    private readonly AsyncCondition _condition = new();
    private BarrierState _state = BarrierState.Filling;
    private int _count;

    /// <summary>Creates a barrier for <paramref name="parties"/> tasks.</summary>
    /// <param name="parties">How many tasks must wait to trip it, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parties"/> is less than 1.</exception>
    public AsyncBarrier(int parties)
    {
        if (parties < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parties), parties, "parties must be > 0.");
        }

        Parties = parties;
    }

    private enum BarrierState : byte
    {
        Filling,
        Draining,
        Resetting,
        Broken,
    }

    /// <summary>How many tasks must wait to trip the barrier.</summary>
    public int Parties { get; }

    /// <summary>How many tasks wait in the current filling cycle (0 while draining, resetting or broken).</summary>
    public int NWaiting => _state == BarrierState.Filling ? _count : 0;

    /// <summary><see langword="true"/> after <see cref="Abort"/>.</summary>
    public bool Broken => _state == BarrierState.Broken;

    /// <summary>
    /// Waits until <see cref="Parties"/> tasks wait, then resumes them all. Yield it; its
    /// <see cref="Coroutine{T}.Result"/> is this task's arrival index, from 0 to <see cref="Parties"/> - 1.
    /// </summary>
    /// <remarks>Raises <see cref="BrokenBarrierException"/> (at the <c>yield return</c>) when the barrier is broken
    /// on entry or is aborted or reset while the task waits.</remarks>
    public Coroutine<int> Wait() => new SyncOperation<int>("AsyncBarrier.Wait", WaitCore());

    /// <summary>
    /// Returns the barrier to its empty filling state: <c>yield return barrier.Reset();</c>. Tasks waiting in the
    /// current cycle raise <see cref="BrokenBarrierException"/>; it refills once they have left.
    /// </summary>
    public Yield Reset() => new SyncOperation("AsyncBarrier.Reset", ResetCore());

    /// <summary>
    /// Breaks the barrier: <c>yield return barrier.Abort();</c>. Waiting tasks and every later <see cref="Wait"/>
    /// raise <see cref="BrokenBarrierException"/> (until <see cref="Reset"/>).
    /// </summary>
    public Yield Abort() => new SyncOperation("AsyncBarrier.Abort", AbortCore());

    /// <inheritdoc/>
    public override string ToString()
    {
        string state = _state.ToString().ToLowerInvariant();
        return Broken ? $"<AsyncBarrier [{state}]>" : $"<AsyncBarrier [{state}, waiters:{NWaiting}/{Parties}]>";
    }

    private IEnumerable<Yield<int>> WaitCore()
    {
        yield return _condition.Acquire();
        using (_condition.Releaser())
        {
            // Block while the barrier drains or resets.
            yield return _condition.WaitFor(() => _state is not (BarrierState.Draining or BarrierState.Resetting));
            if (_state == BarrierState.Broken)
            {
                throw new BrokenBarrierException("Barrier aborted");
            }

            try
            {
                int index = _count;
                _count++;
                if (index + 1 == Parties)
                {
                    _state = BarrierState.Draining;
                    _condition.NotifyAll();
                }
                else
                {
                    yield return _condition.WaitFor(() => _state != BarrierState.Filling);
                    if (_state is BarrierState.Broken or BarrierState.Resetting)
                    {
                        throw new BrokenBarrierException("Abort or reset of barrier");
                    }
                }

                yield return Co.Return(index);
            }
            finally
            {
                _count--;
                Exit();
            }
        }
    }

    /// <summary>The last task out of a draining or resetting barrier refills it.</summary>
    private void Exit()
    {
        if (_count == 0)
        {
            if (_state is BarrierState.Resetting or BarrierState.Draining)
            {
                _state = BarrierState.Filling;
            }

            _condition.NotifyAll();
        }
    }

    private IEnumerable<Yield> ResetCore()
    {
        yield return _condition.Acquire();
        using (_condition.Releaser())
        {
            _state = _count > 0 ? BarrierState.Resetting : BarrierState.Filling;
            _condition.NotifyAll();
        }
    }

    private IEnumerable<Yield> AbortCore()
    {
        yield return _condition.Acquire();
        using (_condition.Releaser())
        {
            _state = BarrierState.Broken;
            _condition.NotifyAll();
        }
    }
}
