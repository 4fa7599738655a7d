namespace Coroutines;

/// <summary>Where a coroutine object is in its single run.</summary>
public enum CoroutineState : byte
{
    /// <summary>Created: no user code has run (calling <c>FooAsync()</c> runs nothing).</summary>
    Created,
    /// <summary>Started and not finished: running now or suspended at a <c>yield return</c>.</summary>
    Running,
    /// <summary>Finished with a result.</summary>
    Succeeded,
    /// <summary>Finished with an exception.</summary>
    Faulted,
    /// <summary>Finished because its task was cancelled.</summary>
    Cancelled,
}
