namespace Coroutines.Internal;

/// <summary>
/// An entry in the loop's timer heap. Cancelling only marks it (O(1)); the heap drops cancelled entries
/// when it pops them and compacts itself when they outnumber the live ones, so cancelled timers do not pile up.
/// </summary>
internal abstract class TimerEntry : IRunnable
{
    /// <summary>Loop time (seconds) at which it fires.</summary>
    internal double When;

    /// <summary>Insertion order: timers due at the same time fire in the order they were scheduled.</summary>
    internal long Sequence;

    /// <summary>Position in the heap, or -1 when not in it.</summary>
    internal int HeapIndex = -1;

    internal bool IsCancelled;

    public abstract void Run();

    /// <summary>Releases whatever the entry keeps alive, once cancelled.</summary>
    protected internal virtual void ReleaseReferences()
    {
    }
}
