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

    /// <summary>asyncio.wait_for for a task without a result: on timeout the task is cancelled.</summary>
    public static Future WaitFor(CoroutineTask task, double? timeout)
    {
        EventLoop loop = GetRunningLoop();
        return WithDeadline(new DeadlineFuture<VoidResult>(loop, task ?? throw new ArgumentNullException(nameof(task))), loop, timeout);
    }

    /// <summary>asyncio.wait_for for a future of any kind: on timeout the future is cancelled.</summary>
    public static Future WaitFor(Future future, double? timeout)
    {
        EventLoop loop = GetRunningLoop();
        return WithDeadline(new DeadlineFuture<VoidResult>(loop, future ?? throw new ArgumentNullException(nameof(future))), loop, timeout);
    }

    /// <summary>
    /// asyncio.wait_for for a primitive's wait (<c>evt.Wait()</c>, <c>lk.Acquire()</c>, <c>q.Put(x)</c>): on timeout the wait
    /// is cancelled (nothing is acquired, no wake-up is lost) and the future fails with <see cref="TimeoutException"/>.
    /// </summary>
    /// <param name="wait">The wait, created just before.</param>
    /// <param name="timeout">Seconds; null waits without a limit.</param>
    public static Future<bool> WaitFor(Yield wait, double? timeout) => WaitFor(AsCoroutine(wait), timeout);

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
