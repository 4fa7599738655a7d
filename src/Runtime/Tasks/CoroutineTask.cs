using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Coroutines.Internal;

namespace Coroutines;

/// <summary>
/// A coroutine scheduled to run on an event loop (asyncio's <c>Task</c>). It runs its coroutine one step at a
/// time; a step ends at a suspension point, and the task parks itself on what was yielded. Coroutines yielded
/// by the running one run inline, as a chain of frames, without a task or a loop round trip.
/// </summary>
/// <remarks>
/// Invariants: <c>_top</c> is the innermost running frame (the root when nothing runs inline); the task is
/// either in the ready queue (<see cref="WaitKind.Scheduled"/>), parked on exactly one thing, running, or done.
/// A cancellation request sets <c>_mustCancel</c>; the next step raises <see cref="CancelledException"/> at the
/// suspension point and unwinds every frame (<c>Settle</c> boundaries do not stop a cancellation).
/// Resuming allocates nothing: the task itself is what the ready queue and futures hold.
/// </remarks>
public class CoroutineTask : Future, IRunnable, ITimerTarget
{
    private static int s_taskCounter;

    // Creation order, for the default name. 32 bits, read as unsigned: names repeat after 2^32 tasks (asyncio's counter
    // is unbounded), and the 4 bytes saved are what keeps a task at 80 bytes (peer benchmarks: bytes per task).
    private readonly int _id;
    private Coroutine _top;
    private WaitKind _waitKind;
    private bool _awaitSettles;
    private int _sleepToken;
    private bool _mustCancel;
    // What most tasks never need (a custom name, cancellation bookkeeping), allocated
    // on first use so that a task stays small (peer benchmark: bytes per sleeper).
    private Extras? _extras;

    // The callers of _top that run inline (yield return child) are not kept here: each inline frame links to its
    // caller (Coroutine.InlineCaller), and the root is the frame without one. A task holds no caller slot, array or
    // depth (peer benchmarks: bytes retained per finished task, bytes per sleeper).

    internal CoroutineTask(EventLoop loop, Coroutine coroutine, string? name, bool eagerStart = false)
        : base(loop)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        coroutine.Start();
        _top = coroutine;
        _id = Interlocked.Increment(ref s_taskCounter);
        if (name is not null)
        {
            Extra.Name = name;
        }
        _waitKind = WaitKind.Scheduled;
        loop.RegisterTask(this);
        if (eagerStart && loop.IsRunning)
        {
            StepEagerly();
        }
        else
        {
            loop.EnqueueReady(this);
        }
    }

    /// <summary>
    /// asyncio's eager start: the first step runs now, inside the call that created the task, up to the coroutine's first
    /// real suspension (or its end: a coroutine that never suspends finishes without a loop round trip). While it runs,
    /// the new task is the current one; the creating task is current again afterwards.
    /// </summary>
    private void StepEagerly()
    {
        // Created inside another task's step, possibly in a finally block while that task unwinds: what unwinds it is
        // not this task's business (TimeoutScope reads it).
        CoroutineTask? creator = Loop.CurrentTask;
        Exception? unwinding = Loop.Unwinding;
        Loop.Unwinding = null;
        try
        {
            Step();
        }
        finally
        {
            Loop.CurrentTask = creator;
            Loop.Unwinding = unwinding;
        }
    }

    /// <summary>Its slot in the loop's pending-task array, or -1 once done.</summary>
    internal int PendingIndex = -1;

    /// <summary>Creation order within the process (wraps after 2^32 tasks).</summary>
    internal uint Id => (uint)_id;

    /// <summary>The task's name: <c>Task-N</c> unless one was given (made on first read: most tasks are never named).</summary>
    public string Name
    {
        get => _extras?.Name ?? "Task-" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        set => Extra.Name = value;
    }

    // The root coroutine is the outermost frame: the end of the caller chain while something runs inline, else the
    // top frame. Derived rather than stored: one field less per task (peer benchmark: bytes retained per finished task).
    internal Coroutine Root
    {
        get
        {
            Coroutine frame = _top;
            while (frame.InlineCaller is { } caller)
            {
                frame = caller;
            }

            return frame;
        }
    }

    /// <summary>The coroutine this task runs.</summary>
    public Coroutine GetCoro() => Root;

    /// <summary>How many cancellation requests are outstanding (asyncio's <c>cancelling()</c>).</summary>
    public int Cancelling() => _extras?.CancelCount ?? 0;

    /// <summary>Takes back one cancellation request; returns how many remain (asyncio's <c>uncancel()</c>).</summary>
    public int Uncancel()
    {
        if (_extras is { CancelCount: > 0 } extras)
        {
            extras.CancelCount--;
        }

        return Cancelling();
    }

    /// <summary>
    /// Requests cancellation: what the task waits on is cancelled first (a future, a task, a sleep), then the
    /// task resumes with <see cref="CancelledException"/> at its suspension point, runs its <c>finally</c>
    /// blocks and ends cancelled. Returns <see langword="false"/> if the task is already done.
    /// </summary>
    public override bool Cancel(string? message = null)
    {
        Loop.CheckThread();
        if (Done)
        {
            return false;
        }

        Extras extra = Extra;
        if (extra.PassingCancellationOn)
        {
            // Its own cancellation came back round: tasks awaiting each other in a cycle would pass it on forever
            // (CPython overflows into RecursionError). Already counted once; this one stops waiting and takes it, and
            // the others then see it end cancelled and unwind in turn.
            StopWaitingInACycle();
            return true;
        }

        extra.CancelCount++;
        extra.CancelMessage = message;
        _mustCancel = true;
        PassCancellationOn(extra);
        return true;
    }

    private void PassCancellationOn(Extras extra)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            // A chain of tasks awaiting tasks too deep to follow on this stack: go on from the next loop iteration.
            Loop.CallSoon(() =>
            {
                if (_mustCancel && !Done)
                {
                    PassCancellationOn(Extra);
                }
            });
            return;
        }

        extra.PassingCancellationOn = true;
        try
        {
            CancelWhatIsAwaited();
        }
        finally
        {
            extra.PassingCancellationOn = false;
        }
    }

    private void StopWaitingInACycle()
    {
        if (_waitKind == WaitKind.WaitingFuture)
        {
            ((Future)Awaited!).RemoveWaiter(this);
            Awaited = null;
            Park(WaitKind.Scheduled);
        }
    }

    /// <summary>
    /// The chain of suspended template frames, outermost first, ending with what the innermost one waits on
    /// (<c>Sleep(0.5)</c>, a future, a task). Empty once the task is done.
    /// </summary>
    public IReadOnlyList<CoroutineFrame> GetStack()
    {
        if (Done)
        {
            return Array.Empty<CoroutineFrame>();
        }

        var frames = new List<CoroutineFrame>();
        foreach (Coroutine frame in Frames())
        {
            frames.Add(frame.GetFrame());
        }

        string? leaf = _waitKind switch
        {
            WaitKind.Sleeping => FormattableString.Invariant($"Sleep({Loop.FindTimerDelay(this, _sleepToken)})"),
            WaitKind.WaitingFuture => Awaited!.ToString(),
            WaitKind.WaitingTask => "Task",
            WaitKind.InFramelessWait => ((Coroutine)Awaited!).Name,
            _ => null,
        };
        if (leaf is not null)
        {
            frames.Add(new CoroutineFrame(leaf, null, 0));
        }

        return frames;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string state = StateText();
        string text = $"<CoroutineTask {state} name='{Name}' coro={Root}";
        if (IsFaulted)
        {
            text += $" exception={ExceptionText()}";
        }
        else if (IsSucceeded)
        {
            text += ResultText();
        }
        else if (_waitKind == WaitKind.WaitingFuture)
        {
            text += $" wait_for={Awaited}";
        }

        return text + ">";
    }

    private protected virtual string ResultText() => string.Empty;

    void IRunnable.Run()
    {
        if (Done)
        {
            // Finished tasks are queued only to hand themselves to a listener (a gather): see Future.ScheduleCallbacks.
            DeliverToListener();
            return;
        }

        if (_waitKind == WaitKind.SleepElapsed)
        {
            // asyncio's sleep completes a future from the timer and the future wakes the task one iteration later;
            // this extra hop keeps orderings identical to asyncio's (PythonTwins/scheduling_order.py).
            Park(WaitKind.Scheduled);
            return;
        }

        Step();
    }

    // Only a task still sleeping has a live node (cancelling or waking changes _waitKind): no separate in-heap flag.
    bool ITimerTarget.IsTimerLive(int token) => _waitKind == WaitKind.Sleeping && token == _sleepToken;

    void ITimerTarget.OnTimerDue(EventLoop loop)
    {
        _waitKind = WaitKind.SleepElapsed;
        loop.EnqueueReady(this);
    }

    private void Step()
    {
        if (Done)
        {
            return;
        }

        Coroutine? parkedWait = _waitKind == WaitKind.InFramelessWait ? (Coroutine)Awaited! : null;
        bool waitSettles = _awaitSettles;
        ExceptionDispatchInfo? pending = ResolveWait(out bool cancelling);
        Loop.CurrentTask = this;

        // While it steps, the task's activity is the ambient one: what the template logs or starts (an HttpClient
        // call, a child task) is correlated with it. Tasks interleave on one thread, so it is put back after each step.
        Activity? own = Loop.ActivityOf(this);
        Activity? ambient = null;
        if (own is not null)
        {
            ambient = Activity.Current;
            Activity.Current = own;
        }

        try
        {
            // A primitive's wait resumes before the frame that yielded it; it may park the task again.
            if (parkedWait is not null && !cancelling && StepWait(parkedWait, waitSettles, ref pending))
            {
                return;
            }

            RunFrames(pending, cancelling);
        }
        finally
        {
            Loop.CurrentTask = null;
            if (own is not null)
            {
                Activity.Current = ambient;
            }
        }
    }

    /// <summary>Turns what the task was parked on into the exception to raise at the suspension point, if any.</summary>
    private ExceptionDispatchInfo? ResolveWait(out bool cancelling)
    {
        object? awaited = Awaited;
        bool settles = _awaitSettles;
        WaitKind waited = _waitKind;
        Awaited = null;
        _awaitSettles = false;
        _waitKind = WaitKind.Running;

        if (_mustCancel)
        {
            _mustCancel = false;
            cancelling = true;
            if (waited == WaitKind.WaitingFuture && awaited is Future { IsFaulted: true } abandoned)
            {
                abandoned.MarkRetrieved();
            }

            var cancelled = ExceptionDispatchInfo.Capture(new CancelledException(_extras?.CancelMessage));
            if (waited == WaitKind.InFramelessWait)
            {
                // The wait's own finally (leave the line, pass a wake-up on), then it ends cancelled, as its frame would.
                var wait = (Coroutine)awaited!;
                try
                {
                    wait.Unwind();
                }
                catch (Exception ex)
                {
                    cancelled = ExceptionDispatchInfo.Capture(ex);
                }

                wait.Fail(cancelled);
            }

            return cancelled;
        }

        cancelling = false;
        if (settles)
        {
            return null;
        }

        return waited switch
        {
            WaitKind.WaitingFuture => FailureOf((Future)awaited!),
            WaitKind.WaitingTask => FailureOf((Task)awaited!),
            _ => null,
        };
    }

    private static ExceptionDispatchInfo? FailureOf(Future future)
    {
        if (future.Cancelled)
        {
            return ExceptionDispatchInfo.Capture(future.MakeCancelledException());
        }

        if (future.IsFaulted)
        {
            future.MarkRetrieved();
            return future.ExceptionInfo;
        }

        return null;
    }

    private static ExceptionDispatchInfo? FailureOf(Task task)
    {
        if (task.IsCanceled)
        {
            return ExceptionDispatchInfo.Capture(new CancelledException("The awaited Task was cancelled."));
        }

        if (task.IsFaulted)
        {
            AggregateException aggregate = task.Exception!;
            return ExceptionDispatchInfo.Capture(aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate);
        }

        return null;
    }

    /// <summary>
    /// Runs frames until the task parks or finishes. A yielded coroutine is pushed and runs at once; a finished
    /// frame pops and its caller continues; a failure unwinds the frame (its <c>finally</c> blocks) and surfaces
    /// at the caller's suspension point.
    /// </summary>
    [System.Diagnostics.StackTraceHidden] // user traces show template frames, as .NET hides its async plumbing
    private void RunFrames(ExceptionDispatchInfo? pending, bool cancelling)
    {
        Coroutine frame = _top;
        bool frameUnwound = false;
        while (true)
        {
            if (frame.Deferral == DeferralState.Finalizing)
            {
                // A cleanup this frame deferred just ended (its frame popped back to here): run the next, or end the frame
                // the way its body ended, unless a cleanup failed (or was cancelled) and took that outcome's place.
                DeferredCleanup cleanup = Loop.DeferredOf(frame);
                if (pending is not null)
                {
                    cleanup.Outcome = pending;
                    pending = null;
                }

                if (RunNextCleanup(ref frame, cleanup))
                {
                    continue;
                }

                frame.Deferral = DeferralState.None;
                Loop.ForgetDeferred(frame);
                if (cleanup.Outcome is { } outcome)
                {
                    pending = outcome;
                    frameUnwound = true;
                }
                else
                {
                    frame.Succeed();
                    if (!frame.RunsInline)
                    {
                        FinishWithSuccess();
                        return;
                    }

                    frame = PopFrame();
                    continue;
                }
            }

            if (pending is not null)
            {
                if (!frameUnwound)
                {
                    if (pending.SourceException is not CancelledException)
                    {
                        // A failure, not a cancellation (control flow, and frequent): name the line that awaited it.
                        pending = frame.WithSuspensionFrame(pending);
                    }

                    // The frame's finally blocks run here, with what unwinds it in view: a timeout scope leaving the
                    // block turns its own cancellation into a TimeoutException (TimeoutScope.Dispose).
                    Exception? outer = Loop.Unwinding;
                    Loop.Unwinding = pending.SourceException;
                    try
                    {
                        frame.Unwind();
                    }
                    catch (Exception ex)
                    {
                        pending = ExceptionDispatchInfo.Capture(ex);
                    }
                    finally
                    {
                        Loop.Unwinding = outer;
                    }
                }

                if (frame.Deferral == DeferralState.Registered)
                {
                    // Its finally blocks ran; now the cleanup it deferred, which may suspend, before it fails.
                    BeginCleanup(ref frame, pending);
                    pending = null;
                    frameUnwound = false;
                    continue;
                }

                if (!frame.RunsInline)
                {
                    frame.Fail(pending);
                    FinishWithFailure(pending);
                    return;
                }

                // Unlink before Fail: the failure takes the slot that linked the frame to its caller.
                Coroutine caller = PopFrame();
                frame.Fail(pending);

                // A Settle boundary does not stop a cancellation, but a cancellation a timeout scope turned into a
                // TimeoutException is an ordinary failure from there on.
                bool stopsHere = frame.SettledByCaller && !(cancelling && pending.SourceException is CancelledException);
                frame = caller;
                frameUnwound = false;
                if (stopsHere)
                {
                    pending = null;
                }

                continue;
            }

            Yield yielded;
            bool suspended;
            try
            {
                suspended = frame.Advance(out yielded);
            }
            catch (Exception ex)
            {
                // The template's own finally blocks ran while the exception left MoveNext.
                CoroutineStack.Record(ex, CallerFrames(), frame);
                pending = ExceptionDispatchInfo.Capture(ex);
                frameUnwound = true;
                continue;
            }

            if (!suspended || yielded.Kind == YieldKind.Return)
            {
                // Return(v) completes after the enclosing finally blocks run; at the natural end they already ran.
                try
                {
                    frame.Unwind();
                }
                catch (Exception ex)
                {
                    pending = ExceptionDispatchInfo.Capture(ex);
                    frameUnwound = true;
                    continue;
                }

                if (frame.Deferral == DeferralState.Registered)
                {
                    BeginCleanup(ref frame, null);
                    continue;
                }

                frame.Succeed();
                if (!frame.RunsInline)
                {
                    FinishWithSuccess();
                    return;
                }

                frame = PopFrame();
                continue;
            }

            switch (yielded.Kind)
            {
                case YieldKind.Continue:
                    continue;

                case YieldKind.GiveWay:
                    Park(WaitKind.Scheduled);
                    return;

                case YieldKind.Sleep:
                    if (!(yielded.Seconds > 0))
                    {
                        Park(WaitKind.Scheduled);
                        return;
                    }

                    ParkSleeping(yielded.Seconds);
                    return;

                case YieldKind.RecycledWait:
                    if (((Coroutine)yielded.Target!).RecycledUse != (int)yielded.Seconds)
                    {
                        pending = ExceptionDispatchInfo.Capture(new InvalidOperationException(
                            "This wait was already yielded once: yield the result of Put/Acquire once, right after the call."));
                        continue;
                    }

                    goto case YieldKind.Coroutine;

                case YieldKind.Coroutine:
                {
                    var child = (Coroutine)yielded.Target!;
                    try
                    {
                        child.Start();
                    }
                    catch (Exception ex)
                    {
                        pending = ExceptionDispatchInfo.Capture(ex);
                        continue;
                    }

                    if (child.RunsWithoutFrame)
                    {
                        if (StepWait(child, yielded.Settles, ref pending))
                        {
                            return;
                        }

                        continue;
                    }

                    // A SettledWait settles itself (it is made settled); any other frame settles when yielded through Settle.
                    child.SettledByCaller |= yielded.Settles;
                    PushFrame(child);
                    frame = child;
                    continue;
                }

                case YieldKind.Defer:
                    Loop.DeferredOf(frame).Pending.Add((Func<Coroutine>)yielded.Target!);
                    frame.Deferral = DeferralState.Registered;
                    continue;

                case YieldKind.Pull:
                {
                    var generator = (AsyncGenerator)yielded.Target!;
                    if (generator.Done)
                    {
                        // Ended (finished, failed, closed): the pull ends at once, as anext() raises StopAsyncIteration again.
                        generator.HasItem = false;
                        continue;
                    }

                    if (generator.Pulling)
                    {
                        pending = ExceptionDispatchInfo.Capture(new InvalidOperationException(
                            $"Async generator '{generator.Name}' is already being pulled (asyncio: anext(): asynchronous generator is already running)."));
                        continue;
                    }

                    if (generator.State == CoroutineState.Created)
                    {
                        generator.Start();
                    }

                    generator.HasItem = false;
                    generator.Pulling = true;
                    generator.SettledByCaller = false;
                    PushFrame(generator);
                    frame = generator;
                    continue;
                }

                case YieldKind.Emit:
                {
                    var generator = (AsyncGenerator)frame;
                    if (!generator.Pulling || !generator.RunsInline)
                    {
                        pending = ExceptionDispatchInfo.Capture(new InvalidOperationException(
                            $"Async generator '{generator.Name}' emits to the coroutine that pulls it: yield return its Next() from a coroutine instead of running it as a task or yielding it."));
                        continue;
                    }

                    // Paused at the emission: its frame leaves the chain, and the puller resumes at once with the item.
                    generator.Pulling = false;
                    frame = PopFrame();
                    continue;
                }

                case YieldKind.Future:
                {
                    var future = (Future)yielded.Target!;
                    if (ReferenceEquals(future, this))
                    {
                        pending = ExceptionDispatchInfo.Capture(new InvalidOperationException($"Task cannot await on itself: {this}"));
                        continue;
                    }

                    if (future.Loop != Loop)
                    {
                        pending = ExceptionDispatchInfo.Capture(new InvalidOperationException($"Task {this} got Future {future} attached to a different loop"));
                        continue;
                    }

                    if (future.Done)
                    {
                        // asyncio: awaiting a done future does not suspend.
                        pending = yielded.Settles ? null : FailureOf(future);
                        continue;
                    }

                    Awaited = future;
                    _awaitSettles = yielded.Settles;
                    _waitKind = WaitKind.WaitingFuture;
                    future.AddWaiter(this);
                    if (_mustCancel)
                    {
                        CancelWhatIsAwaited();
                    }

                    return;
                }

                case YieldKind.Park:
                {
                    var parkable = (IParkable)yielded.Target!;
                    Awaited = parkable;
                    _waitKind = WaitKind.WaitingOperation;
                    parkable.Park(this);
                    if (_mustCancel)
                    {
                        CancelWhatIsAwaited();
                    }

                    return;
                }

                case YieldKind.Task:
                {
                    var task = (Task)yielded.Target!;
                    if (task.IsCompleted)
                    {
                        pending = yielded.Settles ? null : FailureOf(task);
                        continue;
                    }

                    ParkOnTask(task, yielded.Settles);
                    return;
                }

                default:
                    pending = ExceptionDispatchInfo.Capture(new InvalidOperationException($"Unknown yield kind {yielded.Kind}."));
                    continue;
            }
        }
    }

    /// <summary>The body of <paramref name="frame"/> ended (<paramref name="outcome"/> null: it succeeded); its deferred cleanup runs now.</summary>
    private void BeginCleanup(ref Coroutine frame, ExceptionDispatchInfo? outcome)
    {
        frame.Deferral = DeferralState.Finalizing;
        DeferredCleanup cleanup = Loop.DeferredOf(frame);
        cleanup.Outcome = outcome;

        // If no cleanup could start, the frame stays on top, finalizing: the loop top ends it with the outcome left.
        RunNextCleanup(ref frame, cleanup);
    }

    /// <summary>
    /// Pushes the next deferred cleanup (the last registered) as an inline frame of <paramref name="frame"/>, which then
    /// runs it; false when none is left. A cleanup that cannot even be created or started takes the outcome's place.
    /// </summary>
    private bool RunNextCleanup(ref Coroutine frame, DeferredCleanup cleanup)
    {
        while (cleanup.Pending.Count > 0)
        {
            Func<Coroutine> make = cleanup.Pending[cleanup.Pending.Count - 1];
            cleanup.Pending.RemoveAt(cleanup.Pending.Count - 1);
            try
            {
                Coroutine next = make() ?? throw new InvalidOperationException("A deferred cleanup returned no coroutine.");
                next.Start();
                next.SettledByCaller = false;
                PushFrame(next);
                frame = next;
                return true;
            }
            catch (Exception ex)
            {
                cleanup.Outcome = ExceptionDispatchInfo.Capture(ex);
            }
        }

        return false;
    }

    /// <summary>
    /// Runs a primitive's wait without a frame of its own (first run, or resumed after a wake-up). Returns
    /// <see langword="true"/> when it parked the task; otherwise the frame that yielded it continues, with the
    /// wait's failure as <paramref name="pending"/> unless it was yielded through <c>Settle</c>.
    /// </summary>
    private bool StepWait(Coroutine wait, bool settles, ref ExceptionDispatchInfo? pending)
    {
        try
        {
            if (!wait.StepWithoutFrame(this))
            {
                return false;
            }
        }
        catch (Exception ex)
        {
            CoroutineStack.Record(ex, Frames(), wait);
            var failure = ExceptionDispatchInfo.Capture(ex);
            wait.Fail(failure);
            pending = settles ? null : failure;
            return false;
        }

        Awaited = wait;
        _awaitSettles = settles;
        _waitKind = WaitKind.InFramelessWait;
        if (_mustCancel)
        {
            CancelWhatIsAwaited();
        }

        return true;
    }

    /// <summary>A primitive's wait operation this task is parked on woke it (or let it go, cancelled).</summary>
    internal void WakeFromWait() => Loop.EnqueueReady(this);

    private void Park(WaitKind kind)
    {
        _waitKind = kind;
        Loop.EnqueueReady(this);
    }

    private void ParkSleeping(double seconds)
    {
        // The task itself is the heap node's target: a sleep allocates nothing.
        _waitKind = WaitKind.Sleeping;
        _sleepToken = Loop.AddTimer(this, Loop.Time() + seconds, (float)seconds);
        if (_mustCancel)
        {
            CancelWhatIsAwaited();
        }
    }

    private void ParkOnTask(Task task, bool settles)
    {
        Awaited = task;
        _awaitSettles = settles;
        _waitKind = WaitKind.WaitingTask;
        Loop.WhenDone(task, () =>
        {
            // Still waiting for this very Task? (A cancelled wait stopped listening.)
            if (_waitKind == WaitKind.WaitingTask && ReferenceEquals(Awaited, task))
            {
                Step();
            }
        });
        if (_mustCancel)
        {
            CancelWhatIsAwaited();
        }
    }

    private void CancelWhatIsAwaited()
    {
        switch (_waitKind)
        {
            case WaitKind.Sleeping:
                Loop.NoteTimerCancelled();
                Park(WaitKind.Scheduled);
                break;
            case WaitKind.WaitingFuture:
                // If it accepts, its callbacks wake us; if it was already done, we are already scheduled.
                ((Future)Awaited!).Cancel(_extras?.CancelMessage);
                break;
            case WaitKind.WaitingOperation:
            case WaitKind.InFramelessWait:
                ((IParkable)Awaited!).CancelWait();
                break;
            case WaitKind.WaitingTask:
                // A Task cannot be cancelled from here: stop waiting for it and ignore its completion.
                Awaited = null;
                Park(WaitKind.Scheduled);
                break;
        }
    }

    private void FinishWithSuccess()
    {
        Loop.UnregisterTask(this);
        CompleteWithSuccess();
        if (CoroutineTelemetry.TasksEnabled || Loop.HasTaskActivities) Loop.OnTaskDoneTelemetry(this);
    }

    private void FinishWithFailure(ExceptionDispatchInfo failure)
    {
        Loop.UnregisterTask(this);
        if (failure.SourceException is CancelledException cancelled)
        {
            CompleteCancelled(cancelled.Message);
        }
        else
        {
            CompleteWithException(failure);
        }

        if (CoroutineTelemetry.TasksEnabled || Loop.HasTaskActivities) Loop.OnTaskDoneTelemetry(this);
    }

    /// <summary>Runs the finally blocks of every frame of a task the loop is closing under (Python's generator close).</summary>
    internal void UnwindForClose()
    {
        if (_waitKind == WaitKind.InFramelessWait)
        {
            UnwindForClose((Coroutine)Awaited!);
        }

        // Innermost first, as each frame's finally blocks would run if the innermost one failed.
        for (Coroutine? frame = _top; frame is not null;)
        {
            Coroutine? caller = frame.InlineCaller;
            UnwindForClose(frame);
            frame = caller;
        }
    }

    private void UnwindForClose(Coroutine frame)
    {
        try
        {
            frame.Unwind();
        }
        catch (Exception ex)
        {
            Loop.ReportFromAnyThread($"Exception in a finally block of {frame.Name} while the loop closed", ex);
        }
    }

    private Extras Extra => _extras ??= new Extras();

    /// <summary>The inline callers of the top frame, outermost first.</summary>
    private List<Coroutine> CallerFrames()
    {
        var callers = new List<Coroutine>();
        for (Coroutine? frame = _top.InlineCaller; frame is not null; frame = frame.InlineCaller)
        {
            callers.Add(frame);
        }

        callers.Reverse();
        return callers;
    }

    /// <summary>Every frame, outermost first, ending with the top one.</summary>
    private IEnumerable<Coroutine> Frames() => CallerFrames().Append(_top);

    /// <summary>Writes this task and its stack, one frame per line (asyncio's <c>print_stack</c>).</summary>
    public void PrintStack(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(ToString());
        foreach (CoroutineFrame frame in GetStack())
        {
            writer.WriteLine($"  {frame}");
        }
    }

    private void PushFrame(Coroutine child)
    {
        child.InlineCaller = _top;
        _top = child;
    }

    private Coroutine PopFrame()
    {
        Coroutine caller = _top.InlineCaller!;
        _top.InlineCaller = null;
        _top = caller;
        return caller;
    }

    private sealed class Extras
    {
        public string? Name;
        public int CancelCount;
        public string? CancelMessage;

        /// <summary>Inside this task's <see cref="Cancel"/>, passing the cancellation on to what it awaits.</summary>
        public bool PassingCancellationOn;
    }

    private enum WaitKind : byte
    {
        Running,
        Scheduled,
        Sleeping,

        /// <summary>The sleep's timer fired; one more hop before the step.</summary>
        SleepElapsed,
        WaitingFuture,
        WaitingTask,

        /// <summary>Parked on a primitive's wait operation (<see cref="IParkable"/>), which wakes the task itself.</summary>
        WaitingOperation,

        /// <summary>Parked in a primitive's wait run without a frame (<see cref="Coroutine.RunsWithoutFrame"/>);
        /// it runs again, before the task's frames, when the task resumes.</summary>
        InFramelessWait,
    }
}
