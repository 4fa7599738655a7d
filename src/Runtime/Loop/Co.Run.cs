namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// asyncio.run: creates a loop, runs <paramref name="coroutine"/> to completion, cancels the tasks still
    /// pending and waits for them to unwind, then closes the loop. Rethrows the coroutine's failure.
    /// </summary>
    public static void Run(Coroutine coroutine, bool debug = false) =>
        RunOnNewLoop(coroutine, debug, static (loop, c) =>
        {
            loop.RunUntilComplete(c);
            return true;
        });

    /// <summary>asyncio.run for a coroutine with a result: returns it.</summary>
    public static T Run<T>(Coroutine<T> coroutine, bool debug = false) =>
        RunOnNewLoop(coroutine, debug, static (loop, c) => loop.RunUntilComplete(c));

    /// <summary>The running loop of this thread (asyncio.get_running_loop).</summary>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static EventLoop GetRunningLoop() =>
        EventLoop.Current ?? throw new InvalidOperationException("no running event loop");

    private static T RunOnNewLoop<TCoroutine, T>(TCoroutine coroutine, bool debug, Func<EventLoop, TCoroutine, T> run)
        where TCoroutine : Coroutine
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        if (EventLoop.Current is not null)
        {
            throw new InvalidOperationException("Co.Run cannot be called from a running event loop.");
        }

        var loop = new EventLoop { Debug = debug };
        try
        {
            return run(loop, coroutine);
        }
        finally
        {
            try
            {
                loop.CancelAllTasksAndWait();
            }
            finally
            {
                loop.Close();
            }
        }
    }
}
