using System.Runtime.ExceptionServices;

namespace Coroutines;

/// <summary>
/// A coroutine object: the state machine the generator emits for a <c>[Coroutine]</c> template (or an
/// adapter over the compiler's own iterator). It runs once, either as a <see cref="CoroutineTask"/> or
/// inline inside another coroutine (<c>yield return child;</c>).
/// </summary>
/// <remarks>
/// Invariants: <see cref="State"/> only moves forward (Created → Running → one of the finished states);
/// while it runs inline inside another one, its task keeps the chain of callers.
/// The protocol with generated code is the iterator protocol: <see cref="MoveNext(out Yield)"/> runs to the
/// next suspension point and <see cref="Dispose"/> runs the <c>finally</c> blocks that enclose the current one.
/// A template cannot catch an exception at a <c>yield return</c> (CS1626), so "rethrow at the suspension
/// point" is exactly "dispose, then fail": the task does that for both generated and raw coroutines.
/// </remarks>
public abstract class Coroutine
{
    // Before it starts: the debug-mode NeverAwaitedReporter, if any; while it runs inline: its caller frame; after it
    // fails: its ExceptionDispatchInfo. One slot for all three keeps every coroutine and task small (peer benchmark:
    // bytes per sleeper, bytes retained per finished task).
    private object? _extra;

    /// <summary>The frame that yielded this one while it runs inline; the task keeps the chain here, not in itself.</summary>
    internal Coroutine? InlineCaller
    {
        get => _extra as Coroutine;
        set => _extra = value;
    }

    /// <summary>While it runs: whether a caller frame yielded it (else it is its task's root). A null test, for the
    /// task's check at every frame end.</summary>
    internal bool RunsInline => _extra is not null;

    /// <summary>Set when the caller yielded this coroutine through <c>Settle</c>: its failure does not propagate.</summary>
    internal bool SettledByCaller;

    /// <summary>
    /// A primitive's wait (<c>q.Get()</c>, <c>sem.Acquire()</c>): a task that yields it runs its body through
    /// <see cref="StepWithoutFrame"/> instead of pushing a frame, parks on it, and resumes it before its own frame.
    /// </summary>
    internal bool RunsWithoutFrame;

    /// <summary>
    /// Whether the frame registered cleanup with <see cref="Co.Defer"/> (kept by its loop), and whether that cleanup is
    /// running now that the frame's body ended. One byte: it takes the last byte of padding, so no coroutine grows.
    /// </summary>
    internal DeferralState Deferral;

    /// <summary>
    /// For generated code: the state machine's resume state (-1 not started or running, -2 finished, k suspended at
    /// state k). Not for templates or hand-written coroutines: the name is one the generator reserves.
    /// </summary>
    /// <remarks>
    /// Here rather than in each generated class: a derived class in another assembly cannot use its base's padding,
    /// and this int fills the padding after the flags above, so a generated coroutine needs no field of its own for its
    /// state (8 bytes less for many shapes; peer benchmark: bytes per sleeper). A recycled wait operation, which has no
    /// generated states, numbers its uses in it instead (see <see cref="RecycledUse"/>).
    /// </remarks>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
#pragma warning disable SA1300, SA1307, SA1401, CA1051, CA1707, IDE1006 // the generator's reserved name, a field for the padding
    protected int __state = -1;
#pragma warning restore SA1300, SA1307, SA1401, CA1051, CA1707, IDE1006

    /// <summary>For a recycled wait operation: which use it is on; a <see cref="Yield"/> made for an earlier use is
    /// stale (see <see cref="YieldKind.RecycledWait"/>). A plain read for the task's check, costing no coroutine a byte.</summary>
    internal int RecycledUse
    {
        get => __state;
        set => __state = value;
    }

    /// <summary>For <see cref="RunsWithoutFrame"/> coroutines: runs the body (first run or after a wake-up) for
    /// <paramref name="task"/>; <see langword="true"/> when it parked the task, <see langword="false"/> when it finished.</summary>
    internal virtual bool StepWithoutFrame(CoroutineTask task) => throw new InvalidOperationException($"{Name} runs as a frame.");

    /// <summary>Creates the coroutine; nothing of the template runs until it is started.</summary>
    protected Coroutine()
    {
        // The thread-static read costs more than the rest of the constructor; skip it until some loop is in debug mode.
        if (EventLoop.AnyDebug && EventLoop.Current is { Debug: true } loop)
        {
            _extra = new NeverAwaitedReporter(this, loop);
        }
    }

    /// <summary>Where this coroutine is in its single run.</summary>
    public CoroutineState State { get; private set; }

    /// <summary><see langword="true"/> once it finished, whichever way.</summary>
    public bool Done => State >= CoroutineState.Succeeded;

    /// <summary>The template's name (<c>Spin</c> for <c>SpinAsync()</c>).</summary>
    public virtual string Name => GetType().Name;

    /// <summary>The exception it finished with, or <see langword="null"/>.</summary>
    public Exception? Exception => (_extra as ExceptionDispatchInfo)?.SourceException;

    /// <summary><see langword="true"/> when it finished because its task was cancelled.</summary>
    public bool Cancelled => State == CoroutineState.Cancelled;

    /// <summary>The template's source file, when known (generated coroutines know it).</summary>
    protected virtual string? SourceFile => null;

    /// <summary>The template line of the current suspension point, or 0 when unknown.</summary>
    protected virtual int CurrentLine => 0;

    /// <summary>
    /// Throws <paramref name="failure"/> from the template line this coroutine is suspended at, where generated code
    /// maps it with <c>#line</c>: the exception's stack trace gains this template's frame, as .NET's async machinery
    /// adds one per <c>await</c>. Does nothing where no line is known (an iterator the compiler built).
    /// </summary>
    protected virtual void ThrowAtSuspension(ExceptionDispatchInfo failure)
    {
    }

    /// <summary>Runs the template to its next suspension point.</summary>
    /// <param name="yielded">What the template yielded.</param>
    /// <returns><see langword="false"/> when the template ran to its end.</returns>
    protected abstract bool MoveNext(out Yield yielded);

    /// <summary>Runs the <c>finally</c> blocks enclosing the current suspension point, innermost first.</summary>
    protected virtual void Dispose()
    {
    }

    /// <summary>Throws the failure this coroutine finished with, or <see cref="InvalidStateException"/> if it has not finished.</summary>
    public void GetResult()
    {
        switch (State)
        {
            case CoroutineState.Succeeded:
                return;
            case CoroutineState.Faulted:
            case CoroutineState.Cancelled:
                ((ExceptionDispatchInfo)_extra!).Throw();
                return;
            default:
                throw new InvalidStateException($"Coroutine '{Name}' has not finished.");
        }
    }

    /// <summary>The frame this coroutine shows in a task's stack.</summary>
    public CoroutineFrame GetFrame() => new(Name, SourceFile, State == CoroutineState.Running ? CurrentLine : 0);

    /// <inheritdoc/>
    public override string ToString()
    {
        CoroutineFrame frame = GetFrame();
        return State switch
        {
            CoroutineState.Created => $"<coroutine {Name}() created>",
            CoroutineState.Running when frame.File is not null && frame.Line > 0 =>
                $"<coroutine {Name}() running at {frame.File}:{frame.Line}>",
            CoroutineState.Running => $"<coroutine {Name}() running>",
            _ => $"<coroutine {Name}() done>",
        };
    }

    internal void Start()
    {
        if (State != CoroutineState.Created)
        {
            throw new InvalidOperationException($"coroutine '{Name}' already started");
        }

        State = CoroutineState.Running;
        if (_extra is NeverAwaitedReporter reporter)
        {
            GC.SuppressFinalize(reporter);
            _extra = null;
        }
    }

    [System.Diagnostics.StackTraceHidden]
    internal bool Advance(out Yield yielded) => MoveNext(out yielded);

    /// <summary>A task of the right kind: a typed coroutine gets a typed task even when seen as a plain <see cref="Coroutine"/>.</summary>
    internal virtual CoroutineTask NewTask(EventLoop loop, string? name, bool eagerStart) => new(loop, this, name, eagerStart);

    internal void Unwind() => Dispose();

    /// <summary>
    /// <paramref name="failure"/> with this frame's suspension line added to its stack trace ("--- End of stack trace
    /// from previous location ---", then the template line). Only a failure pays for it: one throw per frame it crosses.
    /// </summary>
    [System.Diagnostics.StackTraceHidden]
    internal ExceptionDispatchInfo WithSuspensionFrame(ExceptionDispatchInfo failure)
    {
        try
        {
            ThrowAtSuspension(failure);
        }
        catch (Exception thrown) when (ReferenceEquals(thrown, failure.SourceException))
        {
            return ExceptionDispatchInfo.Capture(thrown);
        }

        return failure;
    }

    /// <summary>Makes a finished coroutine runnable again, for the runtime's recycled wait operations only.</summary>
    private protected void Rearm()
    {
        State = CoroutineState.Created;
        SettledByCaller = false;
        _extra = null;
    }

    internal void Succeed() => State = CoroutineState.Succeeded;

    /// <summary>Finishes a coroutine that never started, without an outcome (a generator closed before its first pull).</summary>
    internal void FinishUnstarted()
    {
        if (_extra is NeverAwaitedReporter reporter)
        {
            GC.SuppressFinalize(reporter);
            _extra = null;
        }

        State = CoroutineState.Succeeded;
    }

    internal void Fail(ExceptionDispatchInfo exception)
    {
        _extra = exception;
        State = exception.SourceException is CancelledException ? CoroutineState.Cancelled : CoroutineState.Faulted;
    }

    /// <summary>Finishes a coroutine that never started, as asyncio's <c>coro.close()</c>.</summary>
    internal void CloseUnstarted(ExceptionDispatchInfo exception)
    {
        if (_extra is NeverAwaitedReporter reporter)
        {
            GC.SuppressFinalize(reporter);
            _extra = null;
        }

        Fail(exception);
    }

    /// <summary>Reports, in debug mode, a coroutine object that was collected without ever running.</summary>
    /// <remarks>
    /// It holds the coroutine (a cycle the GC collects as one) and reads its name only when finalized: the
    /// name is virtual, and derived fields are not set yet while the base constructor runs.
    /// </remarks>
    private sealed class NeverAwaitedReporter
    {
        private readonly Coroutine _coroutine;
        private readonly EventLoop _loop;

        public NeverAwaitedReporter(Coroutine coroutine, EventLoop loop)
        {
            _coroutine = coroutine;
            _loop = loop;
        }

        ~NeverAwaitedReporter()
        {
            string name;
            try
            {
                name = _coroutine.Name;
            }
            catch (Exception)
            {
                name = _coroutine.GetType().Name;
            }

            _loop.ReportFromAnyThread($"coroutine '{name}' was never awaited", null);
        }
    }
}
