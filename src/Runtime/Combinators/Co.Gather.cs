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

    /// <summary>Runs each coroutine of the collection as a task; completes with their results in order.</summary>
    public static Future<T[]> Gather<T>(IEnumerable<Coroutine<T>> coroutines) => Gather((coroutines ?? throw new ArgumentNullException(nameof(coroutines))).ToArray());

    /// <summary>Waits for a collection of tasks (a list built with LINQ, say); completes with their results in order.</summary>
    public static Future<T[]> Gather<T>(IEnumerable<CoroutineTask<T>> tasks) => Gather((tasks ?? throw new ArgumentNullException(nameof(tasks))).ToArray());

    /// <summary>Waits for a collection of futures; completes with their results in order.</summary>
    public static Future<T[]> Gather<T>(IEnumerable<Future<T>> futures) => Gather((futures ?? throw new ArgumentNullException(nameof(futures))).ToArray());

    /// <summary>Runs each coroutine without a result as a task and completes when all are done.</summary>
    public static Future<object?[]> Gather(IEnumerable<Coroutine> coroutines) => Gather((coroutines ?? throw new ArgumentNullException(nameof(coroutines))).ToArray());

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
        object[] arguments = awaitables as object[] ?? awaitables.ToArray();
        var children = new Future[arguments.Length];

        // A coroutine passed twice becomes one task (asyncio's arg_to_fut); futures map to themselves, so the lookup
        // table is only built once a coroutine shows up (peer benchmark: spawn gathers 10^6 tasks).
        Dictionary<object, Future>? converted = null;
        for (int i = 0; i < arguments.Length; i++)
        {
            object argument = arguments[i];
            if (argument is Coroutine)
            {
                converted ??= new Dictionary<object, Future>(ReferenceEqualityComparer.Instance);
                if (!converted.TryGetValue(argument, out Future? task))
                {
                    task = Awaitables.ToFuture(loop, argument);
                    converted.Add(argument, task);
                }

                children[i] = task;
            }
            else
            {
                children[i] = Awaitables.ToFuture(loop, argument);
            }
        }

        return new GatheringFuture<object?[]>(loop, children, returnExceptions, static done => CollectOutcomes(done));
    }

    private static object?[] CollectOutcomes(Future[] done)
    {
        var outcomes = new object?[done.Length];
        for (int i = 0; i < done.Length; i++)
        {
            outcomes[i] = Outcome(done[i]);
        }

        return outcomes;
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
