namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// asyncio.shield: a future that mirrors <paramref name="future"/> but whose cancellation (for example because the
    /// task awaiting it was cancelled) does not reach the inner work.
    /// </summary>
    public static Future<T> Shield<T>(Future<T> future) => ShieldCore<T>(future);

    /// <summary>Shields a task from the cancellation of those who await it.</summary>
    public static Future<T> Shield<T>(CoroutineTask<T> task) => ShieldCore<T>(task);

    /// <summary>Runs <paramref name="coroutine"/> as a task shielded from the cancellation of those who await it.</summary>
    public static Future<T> Shield<T>(Coroutine<T> coroutine) => ShieldCore<T>(GetRunningLoop().CreateTask(coroutine));

    /// <summary>Shields a task without a result from the cancellation of those who await it.</summary>
    public static Future Shield(CoroutineTask task) => ShieldCore<VoidResult>(task ?? throw new ArgumentNullException(nameof(task)));

    /// <summary>Shields a future of any kind from the cancellation of those who await it.</summary>
    public static Future Shield(Future future) => ShieldCore<VoidResult>(future ?? throw new ArgumentNullException(nameof(future)));

    /// <summary>Runs <paramref name="coroutine"/> as a task shielded from the cancellation of those who await it.</summary>
    public static Future Shield(Coroutine coroutine) => ShieldCore<VoidResult>(GetRunningLoop().CreateTask(coroutine));

    private static Future<T> ShieldCore<T>(Future inner)
    {
        var outer = new Future<T>(inner.Loop);
        if (inner.Done)
        {
            Awaitables.CopyOutcome(inner, outer);
            return outer;
        }

        Action<Future> innerDone = done =>
        {
            if (outer.Cancelled)
            {
                if (!done.Cancelled)
                {
                    done.MarkRetrieved();
                }

                return;
            }

            Awaitables.CopyOutcome(done, outer);
        };
        inner.AddDoneCallback(innerDone);
        outer.AddDoneCallback(_ =>
        {
            if (!inner.Done)
            {
                inner.RemoveDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
