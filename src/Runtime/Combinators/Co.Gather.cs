namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// Runs the coroutines as tasks and completes with their results in argument order (asyncio.gather). The first
    /// failure completes it with that exception while the others keep running; cancelling it cancels them all.
    /// </summary>
    public static Future<T[]> Gather<T>(params Coroutine<T>[] coroutines)
    {
        EventLoop loop = GetRunningLoop();
        return Gather<T>(loop, coroutines.Select(c => (Future)loop.CreateTask(c)).ToArray());
    }

    /// <summary>Waits for the tasks; completes with their results in argument order.</summary>
    public static Future<T[]> Gather<T>(params CoroutineTask<T>[] tasks) => Gather<T>(GetRunningLoop(), tasks);

    /// <summary>Waits for the futures; completes with their results in argument order.</summary>
    public static Future<T[]> Gather<T>(params Future<T>[] futures) => Gather<T>(GetRunningLoop(), futures);

    /// <summary>Runs coroutines without results as tasks and completes when all are done.</summary>
    public static Future<object?[]> Gather(params Coroutine[] coroutines) => Gather(coroutines, returnExceptions: false);

    /// <summary>Waits for futures and tasks of any result type; completes with their results (boxed) in argument order.</summary>
    public static Future<object?[]> Gather(params Future[] futures) => Gather(futures, returnExceptions: false);

    /// <summary>
    /// asyncio.gather over any mix of coroutines, tasks and futures. With <paramref name="returnExceptions"/>, failures
    /// and cancellations become results (the exception object) and the gather waits for every child.
    /// </summary>
    public static Future<object?[]> Gather(IEnumerable<object> awaitables, bool returnExceptions = false)
    {
        ArgumentNullException.ThrowIfNull(awaitables);
        EventLoop loop = GetRunningLoop();
        var converted = new Dictionary<object, Future>(ReferenceEqualityComparer.Instance);
        Future[] children = awaitables.Select(a =>
        {
            if (!converted.TryGetValue(a, out Future? future))
            {
                future = Awaitables.ToFuture(loop, a);
                converted.Add(a, future);
            }

            return future;
        }).ToArray();
        return new GatheringFuture<object?[]>(loop, children, returnExceptions, static done => done.Select(Outcome).ToArray());
    }

    private static Future<T[]> Gather<T>(EventLoop loop, Future[] children) =>
        new GatheringFuture<T[]>(loop, children, returnExceptions: false, static done => done.Select(Awaitables.ResultOf<T>).ToArray());

    private static object? Outcome(Future future)
    {
        if (future.Cancelled)
        {
            return future.MakeCancelledException();
        }

        return future.IsFaulted ? future.Exception : future.BoxedResult;
    }
}
