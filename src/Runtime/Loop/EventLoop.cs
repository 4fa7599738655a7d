using Coroutines.Internal;

namespace Coroutines;

/// <summary>
/// A single-threaded event loop with asyncio's semantics: FIFO ready callbacks, timers, a thread-safe inbox,
/// tasks and futures. Every loop-bound object (futures, tasks, sync primitives) is used from the thread that
/// runs the loop; other threads use <see cref="CallSoonThreadsafe(Action)"/>.
/// </summary>
/// <remarks>
/// One iteration, in fixed phases (libuv's and asyncio's <c>_run_once</c>): drain the inbox; compute how long
/// to wait (zero if anything is ready, else until the next timer); wait (a virtual-time loop jumps its clock
/// instead); drain the inbox again; move due timers to the ready queue; run exactly the callbacks that were
/// ready at that point — callbacks they schedule run in the next iteration.
/// </remarks>
public sealed partial class EventLoop
{
    [ThreadStatic]
    private static EventLoop? t_running;

    private readonly ReadyQueue _ready = new();
    // Pending tasks as an intrusive doubly-linked list: O(1) add and remove, no per-task allocation (peer benchmark: spawn).
    // Pending tasks in a dense array; each task knows its slot, so removal swaps the last one in (O(1)). A finished
    // task keeps no links (peer benchmark: bytes retained per finished task).
    private CoroutineTask?[] _pending = new CoroutineTask?[16];
    private int _pendingCount;
    private int _threadId;
    private bool _running;
    private LoopSynchronizationContext? _synchronizationContext;
    private bool _stopping;

    /// <summary>Creates a loop on the system clock.</summary>
    public EventLoop()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates a loop reading time from <paramref name="timeProvider"/>. With a
    /// <see cref="VirtualTimeProvider"/> the loop jumps to the next timer whenever nothing is ready.</summary>
    public EventLoop(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _virtualTime = timeProvider as VirtualTimeProvider;
        _startTimestamp = timeProvider.GetTimestamp();
        _clockResolution = 1.0 / timeProvider.TimestampFrequency;
    }

    /// <summary>Creates a loop on a fresh <see cref="VirtualTimeProvider"/>: <c>Sleep(3600)</c> takes no wall time.</summary>
    public static EventLoop CreateVirtual() => new(new VirtualTimeProvider());

    /// <summary>The loop running on this thread, or <see langword="null"/>.</summary>
    internal static EventLoop? Current => t_running;

    /// <summary><see langword="true"/> while <see cref="RunForever"/> or <see cref="RunUntilComplete(Future)"/> runs.</summary>
    public bool IsRunning => Volatile.Read(ref _running);

    /// <summary><see langword="true"/> once <see cref="Close"/> was called.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>The task whose step is running now, or <see langword="null"/> (asyncio's <c>current_task()</c>).</summary>
    public CoroutineTask? CurrentTask { get; internal set; }

    /// <summary>The exception unwinding the frame whose finally blocks run now (a cancellation, a failure), or null.</summary>
    internal Exception? Unwinding;

    /// <summary>The cleanup frames deferred (<see cref="Co.Defer"/>), by frame; only frames with a deferral are here.</summary>
    private Dictionary<Coroutine, DeferredCleanup>? _deferred;

    internal DeferredCleanup DeferredOf(Coroutine frame)
    {
        _deferred ??= new Dictionary<Coroutine, DeferredCleanup>(ReferenceEqualityComparer.Instance);
        if (!_deferred.TryGetValue(frame, out DeferredCleanup? cleanup))
        {
            cleanup = new DeferredCleanup();
            _deferred.Add(frame, cleanup);
        }

        return cleanup;
    }

    internal void ForgetDeferred(Coroutine frame) => _deferred?.Remove(frame);

    /// <summary>
    /// Runs the cleanup a frame deferred when the frame cannot wait for it (an async generator closed by <c>using</c>,
    /// synchronously): as a task of its own, last registered first; a failure is reported as an unretrieved one.
    /// </summary>
    internal CoroutineTask? RunDeferredDetached(Coroutine frame)
    {
        if (_deferred is null || !_deferred.Remove(frame, out DeferredCleanup? cleanup))
        {
            return null;
        }

        frame.Deferral = DeferralState.None;
        return CreateTask(Co.FromIterator(RunCleanups(cleanup.Pending)), $"{frame.Name} deferred cleanup");
    }

    private static IEnumerable<Yield> RunCleanups(List<Func<Coroutine>> pending)
    {
        Exception? first = null;
        for (int i = pending.Count - 1; i >= 0; i--)
        {
            Coroutine? cleanup = null;
            try
            {
                cleanup = pending[i]();
            }
            catch (Exception ex)
            {
                first ??= ex;
            }

            if (cleanup is not null)
            {
                yield return Co.Settle(cleanup);
                first ??= cleanup.Exception;
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Tasks not yet done (asyncio's <c>all_tasks()</c>).</summary>
    public IReadOnlyCollection<CoroutineTask> AllTasks()
    {
        var tasks = new List<CoroutineTask>(_pendingCount);
        for (int i = 0; i < _pendingCount; i++)
        {
            tasks.Add(_pending[i]!);
        }

        // Removal reorders the array; callers (DumpTasks, Close) list tasks in creation order (ids wrap: compare by difference).
        tasks.Sort(static (a, b) => unchecked((int)(a.Id - b.Id)));
        return tasks;
    }

    /// <summary>Writes every pending task and its stack (asyncio's <c>all_tasks()</c> + <c>print_stack()</c>), to
    /// <paramref name="writer"/> or standard error: call it from a debugger, a signal handler posted with
    /// <see cref="CallSoonThreadsafe(Action)"/>, or a test that hangs.</summary>
    public void DumpTasks(TextWriter? writer = null)
    {
        writer ??= Console.Error;
        IReadOnlyCollection<CoroutineTask> tasks = AllTasks();
        writer.WriteLine($"{tasks.Count} pending task(s):");
        foreach (CoroutineTask task in tasks)
        {
            task.PrintStack(writer);
        }
    }

    /// <summary>Runs the loop until <see cref="Stop"/> is called.</summary>
    public void RunForever()
    {
        ThrowIfClosed();
        if (_running)
        {
            throw new InvalidOperationException("This event loop is already running.");
        }

        if (t_running is not null)
        {
            throw new InvalidOperationException("Cannot run the event loop while another loop is running on this thread.");
        }

        _running = true;
        _threadId = Environment.CurrentManagedThreadId;
        t_running = this;
        SynchronizationContext? outerContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext ??= new LoopSynchronizationContext(this));
        try
        {
            if (Simulation is not null)
            {
                RunSimulated();
            }
            else
            {
                while (true)
                {
                    RunOnce();
                    if (_stopping)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            _stopping = false;
            _running = false;
            _threadId = 0;
            t_running = null;
            SynchronizationContext.SetSynchronizationContext(outerContext);
        }
    }

    /// <summary>
    /// While the loop runs, a loop-bound call (<see cref="CallSoon"/>, <see cref="Future{T}.SetResult(T)"/>, a task's
    /// <c>Cancel</c>, a writer's <c>Write</c>) from another thread is a bug that would corrupt its queues: refuse it,
    /// in every mode. One thread-id compare (LoopBenchmarks measures it).
    /// </summary>
    internal void CheckThread()
    {
        if (_threadId != 0 && _threadId != Environment.CurrentManagedThreadId)
        {
            ThrowWrongThread();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowWrongThread() => throw new InvalidOperationException(
        $"This call is bound to the thread running its event loop (thread {_threadId}), and was made from thread " +
        $"{Environment.CurrentManagedThreadId}: from other threads, go through loop.CallSoonThreadsafe(...).");

    /// <summary>Stops the loop after the current iteration: callbacks already ready still run.</summary>
    public void Stop() => _stopping = true;

    /// <summary>
    /// Closes the loop. Refuses while it runs. Tasks still pending are reported ("Task was destroyed but it is
    /// pending!") and their <c>finally</c> blocks run, as Python does when it collects them; queued callbacks and
    /// timers are dropped; failures no one retrieved are reported. <see cref="Co.Run(Coroutine, bool)"/> cancels pending
    /// tasks before closing, so there their cancellation runs normally.
    /// </summary>
    public void Close()
    {
        if (_running)
        {
            throw new InvalidOperationException("Cannot close a running event loop.");
        }

        if (IsClosed)
        {
            return;
        }

        foreach (CoroutineTask task in AllTasks())
        {
            CallExceptionHandler(new LoopExceptionContext("Task was destroyed but it is pending!", null, task));
            task.UnwindForClose();
            UnregisterTask(task);
            if (CoroutineTelemetry.TasksEnabled || HasTaskActivities) OnTaskDoneTelemetry(task);
        }

        _ready.Clear();
        _timers.Clear();
        ReportUnobservedOnClose();
        FlushReports();
        lock (_inboxLock)
        {
            IsClosed = true;
        }

        FlushReports();
        CloseInbox();
    }

    /// <summary>Schedules <paramref name="callback"/> to run on the next iteration, after those already scheduled.</summary>
    public Handle CallSoon(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckThread();
        ThrowIfClosed();
        var handle = new Handle(callback);
        _ready.Enqueue(handle);
        return handle;
    }

    /// <summary>
    /// Creates a task that runs <paramref name="coroutine"/>; its first step is scheduled with <c>CallSoon</c>, or, with
    /// <paramref name="eagerStart"/> on a running loop, runs at once up to the first real suspension (asyncio 3.14's
    /// <c>eager_start=True</c>): a coroutine that never suspends finishes without a loop round trip.
    /// </summary>
    public CoroutineTask CreateTask(Coroutine coroutine, string? name = null, bool eagerStart = false)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        CheckThread();
        ThrowIfClosed();
        return coroutine.NewTask(this, name, eagerStart);
    }

    /// <summary>Creates a task that runs <paramref name="coroutine"/> and completes with its result (see <see cref="CreateTask(Coroutine, string?, bool)"/>).</summary>
    public CoroutineTask<T> CreateTask<T>(Coroutine<T> coroutine, string? name = null, bool eagerStart = false)
    {
        CheckThread();
        ThrowIfClosed();
        return new CoroutineTask<T>(this, coroutine, name, eagerStart);
    }

    /// <summary>Creates a pending future bound to this loop.</summary>
    public Future<T> CreateFuture<T>() => new(this);

    /// <summary>Runs the loop until <paramref name="future"/> is done; rethrows its failure.</summary>
    public void RunUntilComplete(Future future)
    {
        RunUntilDone(future);
        future.GetResult();
    }

    /// <summary>Runs the loop until <paramref name="future"/> is done and returns its result.</summary>
    public T RunUntilComplete<T>(Future<T> future)
    {
        RunUntilDone(future);
        return future.Result;
    }

    /// <summary>Wraps <paramref name="coroutine"/> in a task and runs the loop until it is done.</summary>
    public void RunUntilComplete(Coroutine coroutine) => RunUntilComplete(CreateTaskForRun(coroutine));

    /// <summary>Wraps <paramref name="coroutine"/> in a task, runs the loop until it is done and returns its result.</summary>
    public T RunUntilComplete<T>(Coroutine<T> coroutine)
    {
        CoroutineTask<T> task = CreateTaskForRun(coroutine);
        RunUntilDone(task);
        return task.Result;
    }

    /// <summary>Runs the loop until <paramref name="task"/> is done and returns its result.</summary>
    public T RunUntilComplete<T>(CoroutineTask<T> task)
    {
        RunUntilDone(task);
        return task.Result;
    }

    private CoroutineTask CreateTaskForRun(Coroutine coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        ThrowIfClosed();
        return coroutine.NewTask(this, null, eagerStart: false);
    }

    private CoroutineTask<T> CreateTaskForRun<T>(Coroutine<T> coroutine)
    {
        ThrowIfClosed();
        return new CoroutineTask<T>(this, coroutine, null);
    }

    private void RunUntilDone(Future future)
    {
        ArgumentNullException.ThrowIfNull(future);
        ThrowIfClosed();
        if (future.Loop != this)
        {
            throw new InvalidOperationException("The future belongs to a different loop.");
        }

        Action<Future> stop = _ => Stop();
        if (!future.Done)
        {
            future.AddDoneCallbackUnchecked(stop);
        }
        else
        {
            return;
        }

        try
        {
            RunForever();
        }
        finally
        {
            future.RemoveDoneCallbackUnchecked(stop);
        }

        if (!future.Done)
        {
            throw new InvalidOperationException("Event loop stopped before Future completed.");
        }
    }

    internal void EnqueueReady(IRunnable callback) => _ready.Enqueue(callback);

    internal void RegisterTask(CoroutineTask task)
    {
        if (_pendingCount == _pending.Length)
        {
            Array.Resize(ref _pending, _pendingCount * 2);
        }

        task.PendingIndex = _pendingCount;
        _pending[_pendingCount++] = task;
        if (CoroutineTelemetry.TasksEnabled) OnTaskStartedTelemetry(task);
    }

    internal void UnregisterTask(CoroutineTask task)
    {
        int index = task.PendingIndex;
        if (index < 0)
        {
            return;
        }

        CoroutineTask last = _pending[--_pendingCount]!;
        _pending[index] = last;
        last.PendingIndex = index;
        _pending[_pendingCount] = null;
        task.PendingIndex = -1;

        // Give a burst's slots back (amortised O(1)), so a million finished tasks do not leave an 8 MB array behind.
        if (_pendingCount < _pending.Length / 4 && _pending.Length > 16)
        {
            Array.Resize(ref _pending, _pending.Length / 2);
        }
    }

    private void RunOnce()
    {
        if (_hasPosts)
        {
            FlushReports();
            DrainInbox();
        }

        if (_ready.Count == 0 && !_stopping)
        {
            WaitForWork();
            DrainInbox();
        }

        if (CoroutineTelemetry.LoopEnabled) OnIterationTelemetry();
        MoveDueTimersToReady();
        int count = _ready.Count;
        for (int i = 0; i < count; i++)
        {
            RunCallback(_ready.Dequeue());
        }

        _ready.TrimAfterBurst();
    }

    private void RunCallback(IRunnable item)
    {
        long started = Debug ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        try
        {
            item.Run();
        }
        catch (Exception ex)
        {
            CallExceptionHandler(new LoopExceptionContext($"Exception in callback {Describe(item)}", ex, (item as DoneCallback)?.Future));
        }

        if (Debug)
        {
            ReportIfSlow(item, started);
        }
    }

    private static string Describe(IRunnable callback) => callback.ToString() ?? callback.GetType().Name;

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new InvalidOperationException("Event loop is closed.");
        }
    }
}
