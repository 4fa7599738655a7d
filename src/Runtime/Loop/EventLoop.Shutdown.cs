namespace Coroutines;

public sealed partial class EventLoop
{
    /// <summary>
    /// asyncio.run's shutdown: cancels every pending task and runs the loop until they have unwound; failures
    /// other than cancellation go to the exception handler.
    /// </summary>
    internal void CancelAllTasksAndWait()
    {
        CoroutineTask[] pending = AllTasks().ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        foreach (CoroutineTask task in pending)
        {
            task.Cancel();
        }

        var allDone = new Future<bool>(this);
        int remaining = pending.Length;
        Action<Future> countDown = _ =>
        {
            if (--remaining == 0)
            {
                allDone.TrySetResult(true);
            }
        };
        foreach (CoroutineTask task in pending)
        {
            task.AddDoneCallbackUnchecked(countDown);
        }

        RunUntilDone(allDone);
        foreach (CoroutineTask task in pending)
        {
            if (task.IsFaulted)
            {
                task.MarkRetrieved();
                CallExceptionHandler(new LoopExceptionContext(
                    "unhandled exception during Co.Run() shutdown", task.ExceptionInfo!.SourceException, task));
            }
        }
    }
}
