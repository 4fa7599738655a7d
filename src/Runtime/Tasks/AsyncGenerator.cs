namespace Coroutines;

/// <summary>
/// What every async generator is to the task that runs it (see <see cref="AsyncGenerator{T}"/>): a frame that
/// pauses at each emission and runs again at the next pull.
/// </summary>
/// <remarks>
/// Invariants: a generator runs only inside a pull — pushed as an inline frame of the puller's task, popped again
/// when it emits (paused) or finishes; <see cref="Pulling"/> is true exactly while it is pushed.
/// </remarks>
public abstract class AsyncGenerator : Coroutine
{
    private protected AsyncGenerator()
    {
    }

    /// <summary>Being pulled: its frame is on a task's chain.</summary>
    internal bool Pulling;

    /// <summary>The last pull got an item.</summary>
    internal bool HasItem;

    /// <summary>
    /// <see langword="true"/> once a pull found no item: the generator ended (or failed, or was closed). Pulling again
    /// ends at once, without suspending, as asyncio's <c>anext()</c> raises <c>StopAsyncIteration</c> again.
    /// </summary>
    public bool Ended => Done;

    /// <summary>
    /// A suspension point that runs the generator until it emits its next item or ends (asyncio's
    /// <c>await anext(gen)</c>): <c>yield return lines.Next(); if (lines.Ended) break; Use(lines.Current);</c>. It runs
    /// inline in the pulling coroutine's task: its own suspension points suspend that task, a failure is rethrown at
    /// the pull, and a cancellation of that task unwinds the generator too. Allocates nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">At the pull: the generator is already being pulled.</exception>
    public Yield Next() => new(YieldKind.Pull, this);

    /// <summary>
    /// Closes the generator: paused at an emission, its <c>finally</c> blocks run now; not started, it never will;
    /// finished, nothing happens. A later pull ends at once. Cleanup it registered with <see cref="Co.Defer"/> may
    /// suspend, which a synchronous close cannot wait for: it runs as a task of its own. Yield
    /// <see cref="CloseAsync"/> instead to wait for it.
    /// </summary>
    /// <exception cref="InvalidOperationException">It is being pulled.</exception>
    public void Close() => CloseNow();

    /// <summary>
    /// Closes the generator and waits for its deferred cleanup (asyncio's <c>await gen.aclose()</c>): yield it.
    /// A failure of the cleanup is rethrown at the yield.
    /// </summary>
    public Coroutine CloseAsync() => Co.FromIterator(CloseAndWait());

    private IEnumerable<Yield> CloseAndWait()
    {
        if (CloseNow() is { } deferredCleanup)
        {
            yield return deferredCleanup;
        }
    }

    private CoroutineTask? CloseNow()
    {
        CoroutineTask? deferredCleanup = null;
        switch (State)
        {
            case CoroutineState.Created:
                FinishUnstarted();
                return null;
            case CoroutineState.Running when Pulling:
                throw new InvalidOperationException($"Cannot close async generator '{Name}' while it is being pulled.");
            case CoroutineState.Running:
                HasItem = false;
                try
                {
                    Unwind();
                    Succeed();
                }
                catch (Exception ex)
                {
                    Fail(System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
                    throw;
                }
                finally
                {
                    if (Deferral == DeferralState.Registered)
                    {
                        deferredCleanup = Co.GetRunningLoop().RunDeferredDetached(this);
                    }
                }

                return deferredCleanup;
            default:
                return null;
        }
    }
}
