namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// asyncio.wait_for: runs <paramref name="coroutine"/> as a task; if it is not done within <paramref name="timeout"/>
    /// seconds it is cancelled, its unwinding is awaited, and the future fails with <see cref="TimeoutException"/>.
    /// A timeout of zero or less cancels it before it runs; null waits without a limit.
    /// </summary>
    public static Future<T> WaitFor<T>(Coroutine<T> coroutine, double? timeout)
    {
        EventLoop loop = GetRunningLoop();
        return WithDeadline(new DeadlineFuture<T>(loop, loop.CreateTask(coroutine)), loop, timeout);
    }

    /// <summary>asyncio.wait_for for a coroutine without a result.</summary>
    public static Future WaitFor(Coroutine coroutine, double? timeout)
    {
        EventLoop loop = GetRunningLoop();
        return WithDeadline(new DeadlineFuture<VoidResult>(loop, loop.CreateTask(coroutine)), loop, timeout);
    }

    /// <summary>asyncio.wait_for for a task: on timeout the task is cancelled.</summary>
    public static Future<T> WaitFor<T>(CoroutineTask<T> task, double? timeout)
    {
        EventLoop loop = GetRunningLoop();
        return WithDeadline(new DeadlineFuture<T>(loop, task), loop, timeout);
    }

    /// <summary>asyncio.wait_for for a future: on timeout the future is cancelled.</summary>
    public static Future<T> WaitFor<T>(Future<T> future, double? timeout)
    {
        EventLoop loop = GetRunningLoop();
        return WithDeadline(new DeadlineFuture<T>(loop, future), loop, timeout);
    }

    private static Future<T> WithDeadline<T>(DeadlineFuture<T> deadline, EventLoop loop, double? timeout)
    {
        if (timeout is double seconds)
        {
            if (seconds <= 0)
            {
                deadline.ExpireNow();
            }
            else
            {
                deadline.Reschedule(loop.Time() + seconds);
            }
        }

        return deadline;
    }
}
