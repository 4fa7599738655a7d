namespace Coroutines;

/// <summary>
/// Marks a method or constructor as blocking the calling thread (I/O, waits, long CPU work). Inside a
/// <c>[Coroutine]</c> template the analyzers report calls to it as CORO005 and offer
/// <c>yield return RunInExecutor(() =&gt; ...)</c>. Use it on library APIs that have no awaitable alternative.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
public sealed class BlockingAttribute : Attribute
{
    /// <summary>Marks the member as blocking without giving a reason.</summary>
    public BlockingAttribute()
    {
    }

    /// <summary>Marks the member as blocking; <paramref name="reason"/> says why (shown in documentation only).</summary>
    /// <param name="reason">Why the member blocks, for example "waits for the device to answer".</param>
    public BlockingAttribute(string reason)
    {
        Reason = reason;
    }

    /// <summary>Why the member blocks, or <see langword="null"/>.</summary>
    public string? Reason { get; }
}

/// <summary>
/// Marks a method as safe to call on the event loop even though it looks blocking: the analyzers do not report it
/// (no CORO004 "use the Async sibling" suggestion, no CORO005), for example a <c>Flush</c> of an in-memory buffer.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
public sealed class NonBlockingAttribute : Attribute
{
}
