using System.Threading.Tasks;

namespace Coroutines;

public sealed partial class EventLoop
{
    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool (or <paramref name="scheduler"/>) and returns a future of this
    /// loop completed on the loop thread with its result or failure (asyncio's <c>run_in_executor</c>).
    /// </summary>
    public Future<T> RunInExecutor<T>(Func<T> work, TaskScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        CheckThread();
        ThrowIfClosed();
        if (Simulation is { } simulation)
        {
            return RunSimulatedWork(simulation, work);
        }

        Task<T> task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler ?? TaskScheduler.Default);
        return WrapTask(task);
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool (or <paramref name="scheduler"/>); the future completes on the loop thread.</summary>
    public Future RunInExecutor(Action work, TaskScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunInExecutor<VoidResult>(() =>
        {
            work();
            return default;
        }, scheduler);
    }

    /// <summary>A future of this loop that completes, on the loop thread, as <paramref name="task"/> does.</summary>
    internal Future<T> WrapTask<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var future = new Future<T>(this);
        if (task.IsCompleted)
        {
            CopyOutcome(task, future);
            return future;
        }

        WhenDone(task, () =>
        {
            if (!future.Done)
            {
                CopyOutcome(task, future);
            }
        });
        return future;
    }

    /// <summary>
    /// Runs <paramref name="onLoop"/> on the loop thread once <paramref name="task"/> is done: posted from the Task's
    /// completion, counted as outside work so that a virtual clock does not jump meanwhile; under simulation, delivered
    /// when the loop is idle, oldest first, so that the thread pool's timing cannot reorder a run.
    /// </summary>
    internal void WhenDone(Task task, Action onLoop)
    {
        if (Simulation is { } simulation)
        {
            simulation.AddOutsideWork(task, onLoop);
            return;
        }

        BeginExternalWork();

        // Try: a Task may finish after its loop closed, and then nobody is left to tell (throwing would crash the pool thread).
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => TryCallSoonThreadsafe(() =>
        {
            EndExternalWork();
            onLoop();
        }));
    }

    /// <summary>Executor work under simulation: on the loop's thread, done after the simulated duration.</summary>
    private Future<T> RunSimulatedWork<T>(SimulationState simulation, Func<T> work)
    {
        var future = new Future<T>(this);
        simulation.Trace("executor: work queued");
        CallLater(simulation.Options.ExecutorSeconds, () =>
        {
            if (future.Done)
            {
                return; // cancelled before it ran: an executor job not started yet is dropped, as asyncio's would be
            }

            try
            {
                future.SetResult(work());
            }
            catch (Exception ex)
            {
                future.SetException(ex);
            }

            simulation.Trace("executor: work done");
        });
        return future;
    }

    private static void CopyOutcome<T>(Task<T> task, Future<T> future)
    {
        if (task.IsCanceled)
        {
            future.Cancel("The underlying Task was cancelled.");
        }
        else if (task.IsFaulted)
        {
            AggregateException aggregate = task.Exception!;
            future.SetException(aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate);
        }
        else
        {
            future.SetResult(task.Result);
        }
    }
}
