namespace Coroutines;

/// <summary>asyncio's <c>ensure_future</c>: what the combinators accept, as futures of the running loop.</summary>
internal static class Awaitables
{
    public static Future ToFuture(EventLoop loop, object awaitable) => awaitable switch
    {
        Future future when future.Loop == loop => future,
        Future => throw new ArgumentException("The future belongs to a different event loop.", nameof(awaitable)),
        Coroutine coroutine => loop.CreateTask(coroutine),
        null => throw new ArgumentNullException(nameof(awaitable)),
        _ => throw new ArgumentException($"Expected a Future, CoroutineTask or Coroutine, got {awaitable.GetType().Name}.", nameof(awaitable)),
    };

    /// <summary>The result of a completed typed future or task (rethrows its failure).</summary>
    public static T ResultOf<T>(Future future) => ((IResultSource<T>)future).GetResultValue();

    /// <summary>Copies a finished <paramref name="source"/>'s outcome into <paramref name="target"/>.</summary>
    public static void CopyOutcome<T>(Future source, Future<T> target)
    {
        if (source.Cancelled)
        {
            target.Cancel(source.CancelMessageInternal);
        }
        else if (source.IsFaulted)
        {
            source.MarkRetrieved();
            target.SetExceptionInfo(source.ExceptionInfo!);
        }
        else
        {
            target.SetResult(ResultOf<T>(source));
        }
    }
}
