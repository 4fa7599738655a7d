namespace Coroutines;

/// <summary>What a <see cref="Yield"/> asks the running task to do.</summary>
internal enum YieldKind : byte
{
    /// <summary><c>default</c> or <c>Sleep(0)</c>: resume on the next loop iteration.</summary>
    GiveWay = 0,
    Sleep,
    Coroutine,
    Future,
    Task,
    Return,

    /// <summary>Already satisfied (an uncontended lock, a queue with an item): continue without suspending.</summary>
    Continue,

    /// <summary>A primitive's wait operation parks the task on itself (<see cref="Internal.IParkable"/>) and wakes it.</summary>
    Park,

    /// <summary>A recycled primitive wait (<c>q.Put(x)</c>, <c>sem.Acquire()</c>) run like a coroutine; <c>Seconds</c>
    /// carries the use it was handed out for, so a stale copy yielded again is caught instead of re-running a reused one.</summary>
    RecycledWait,

    /// <summary><c>generator.Next()</c>: run the async generator (<c>Target</c>) inline until it emits or ends.</summary>
    Pull,

    /// <summary>An async generator emitted an item: its frame pauses and the coroutine that pulled it resumes.</summary>
    Emit,

    /// <summary><c>Defer(cleanup)</c>: register cleanup (a <c>Func&lt;Coroutine&gt;</c>) to run when the frame ends.</summary>
    Defer,
}
