namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// asyncio.as_completed: one future per input, completing in the order the inputs finish, each with that input's
    /// result or failure. After <paramref name="timeout"/> seconds the rest fail with <see cref="TimeoutException"/>.
    /// <code>foreach (Future&lt;Flag&gt; next in AsCompleted(downloads)) { yield return next; Save(next.Result); }</code>
    /// </summary>
    public static IEnumerable<Future<T>> AsCompleted<T>(IEnumerable<CoroutineTask<T>> tasks, double? timeout = null) =>
        AsCompletedCore<T>(() => tasks.Cast<Future>(), timeout, static (done, next) => Awaitables.CopyOutcome(done, next));

    /// <summary>asyncio.as_completed over futures.</summary>
    public static IEnumerable<Future<T>> AsCompleted<T>(IEnumerable<Future<T>> futures, double? timeout = null) =>
        AsCompletedCore<T>(futures, timeout, static (done, next) => Awaitables.CopyOutcome(done, next));

    /// <summary>asyncio.as_completed over coroutines: each runs as a task, created on the first iteration.</summary>
    public static IEnumerable<Future<T>> AsCompleted<T>(IEnumerable<Coroutine<T>> coroutines, double? timeout = null) =>
        AsCompletedCore<T>(() => coroutines.Select(c => (Future)GetRunningLoop().CreateTask(c)), timeout, static (done, next) => Awaitables.CopyOutcome(done, next));

    /// <summary>asyncio.as_completed over coroutines without results: each yielded future completes with the task that finished.</summary>
    public static IEnumerable<Future<Future>> AsCompleted(IEnumerable<Coroutine> coroutines, double? timeout = null) =>
        AsCompletedCore<Future>(() => coroutines.Select(c => (Future)GetRunningLoop().CreateTask(c)), timeout, static (done, next) => next.SetResult(done));

    /// <summary>asyncio.as_completed over futures of any kind: each yielded future completes with the input that finished.</summary>
    public static IEnumerable<Future<Future>> AsCompleted(IEnumerable<Future> futures, double? timeout = null) =>
        AsCompletedCore<Future>(futures, timeout, static (done, next) => next.SetResult(done));

    private static IEnumerable<Future<TOut>> AsCompletedCore<TOut>(IEnumerable<Future> inputs, double? timeout, Action<Future, Future<TOut>> deliver)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return AsCompletedCore(() => inputs, timeout, deliver);
    }

    /// <summary>Like a Python generator, nothing happens (no task is created, no timer starts) until the first iteration.</summary>
    private static IEnumerable<Future<TOut>> AsCompletedCore<TOut>(Func<IEnumerable<Future>> inputs, double? timeout, Action<Future, Future<TOut>> deliver)
    {
        EventLoop loop = GetRunningLoop();
        var todo = new HashSet<Future>(inputs().Distinct(ReferenceEqualityComparer.Instance).Cast<Future>(), ReferenceEqualityComparer.Instance);
        var finished = new Queue<Future?>();
        var waiting = new Queue<Future<TOut>>();
        TimerHandle? timer = null;

        void Deliver()
        {
            while (finished.Count > 0 && waiting.Count > 0)
            {
                Future? done = finished.Dequeue();
                Future<TOut> next = waiting.Dequeue();
                if (done is null)
                {
                    next.SetException(new TimeoutException("as_completed timed out."));
                }
                else
                {
                    deliver(done, next);
                }
            }
        }

        void OnCompletion(Future done)
        {
            if (todo.Count == 0)
            {
                return;
            }

            todo.Remove(done);
            finished.Enqueue(done);
            if (todo.Count == 0)
            {
                timer?.Cancel();
            }

            Deliver();
        }

        Action<Future> onCompletion = OnCompletion;
        foreach (Future future in todo)
        {
            future.AddDoneCallback(onCompletion);
        }

        if (todo.Count > 0 && timeout is double seconds)
        {
            timer = loop.CallLater(seconds, () =>
            {
                foreach (Future future in todo)
                {
                    future.RemoveDoneCallback(onCompletion);
                    finished.Enqueue(null);
                }

                todo.Clear();
                Deliver();
            });
        }

        int count = todo.Count;
        for (int i = 0; i < count; i++)
        {
            var next = new Future<TOut>(loop);
            waiting.Enqueue(next);
            Deliver();
            yield return next;
        }
    }
}
