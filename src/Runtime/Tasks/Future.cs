using System.Runtime.ExceptionServices;
using Coroutines.Internal;

namespace Coroutines;

/// <summary>
/// A loop-bound result that will be available later (asyncio's <c>Future</c>). Not thread-safe: use it from
/// its loop's thread (<see cref="EventLoop.CallSoonThreadsafe(Action)"/> from others). Done callbacks are
/// scheduled with <c>CallSoon</c>, in registration order, when it completes.
/// </summary>
/// <remarks>
/// Invariants: the state leaves Pending exactly once; callbacks are only held while pending; a failure that no
/// one retrieves is reported to the loop's exception handler when the future is collected or the loop closes.
/// </remarks>
public abstract class Future : IRunnable
{
    private FutureState _state;

    // What it finished with, in one slot (peer benchmark: bytes per task): null after success, the cancel message
    // (or s_noMessage) after cancellation, a Failure after an exception. Before a task is done, what it is parked on
    // (see Awaited): never a string or a Failure, so no outcome reader mistakes it for one.
    private object? _outcome;

    // null, one IRunnable (a waiting task or a DoneCallback), one IDoneListener, or a List<object> of them: most
    // futures have one waiter. A lone listener stays here after completion until the loop delivers it (DeliverToListener).
    private object? _callbacks;

    private protected Future(EventLoop loop) => Loop = loop ?? throw new ArgumentNullException(nameof(loop));

    internal EventLoop Loop { get; }

    /// <summary>For a task while it is pending: what it is parked on (a future, a Task, a primitive's wait).</summary>
    /// <remarks>It shares the outcome's slot, which a future fills only once it is done, and a task only parks while
    /// pending and clears this before it runs (peer benchmark: bytes per task and per sleeper).</remarks>
    private protected object? Awaited
    {
        get => _outcome;
        set => _outcome = value;
    }

    /// <summary><see langword="true"/> once it has a result, an exception, or was cancelled.</summary>
    public bool Done => _state != FutureState.Pending;

    /// <summary><see langword="true"/> if it was cancelled.</summary>
    public bool Cancelled => _state == FutureState.Cancelled;

    internal bool IsFaulted => _state == FutureState.Faulted;

    internal bool IsSucceeded => _state == FutureState.Succeeded;

    /// <summary>The message given to <see cref="Cancel(string?)"/>, if any.</summary>
    protected string? CancelMessage => CancelMessageInternal;

    /// <summary>
    /// The exception it finished with, or <see langword="null"/> after success. Throws
    /// <see cref="CancelledException"/> if it was cancelled, <see cref="InvalidStateException"/> if it is pending.
    /// </summary>
    public Exception? Exception
    {
        get
        {
            switch (_state)
            {
                case FutureState.Pending:
                    throw new InvalidStateException("Exception is not set.");
                case FutureState.Cancelled:
                    throw MakeCancelledException();
                default:
                    MarkRetrieved();
                    return ExceptionInfo?.SourceException;
            }
        }
    }

    /// <summary>Lets <c>async</c> code <c>await</c> this future; see <see cref="FutureAwaiter"/> for where it resumes.</summary>
    public FutureAwaiter GetAwaiter() => new(this);

    /// <summary>The loop this future belongs to.</summary>
    public EventLoop GetLoop() => Loop;

    /// <summary>Throws what it finished with: its exception, <see cref="CancelledException"/>, or
    /// <see cref="InvalidStateException"/> if it is still pending. Returns normally after success.</summary>
    public void GetResult()
    {
        switch (_state)
        {
            case FutureState.Pending:
                throw new InvalidStateException("Result is not ready.");
            case FutureState.Cancelled:
                throw MakeCancelledException();
            case FutureState.Faulted:
                MarkRetrieved();
                ExceptionInfo!.Throw();
                break;
        }
    }

    /// <summary>Cancels it and schedules its callbacks. Returns <see langword="false"/> if it was already done.</summary>
    /// <param name="message">Carried by the <see cref="CancelledException"/> that awaiters see.</param>
    public virtual bool Cancel(string? message = null)
    {
        Loop.CheckThread();
        if (_state != FutureState.Pending)
        {
            return false;
        }

        _outcome = message ?? s_noMessage;
        _state = FutureState.Cancelled;
        ScheduleCallbacks();
        return true;
    }

    /// <summary>Marks it failed with <paramref name="exception"/> and schedules its callbacks.</summary>
    /// <exception cref="InvalidStateException">It is already done.</exception>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (this is CoroutineTask)
        {
            throw new InvalidOperationException("A task's exception comes from its coroutine; SetException is not supported.");
        }

        Loop.CheckThread();
        ThrowIfDone();
        CompleteWithException(ExceptionDispatchInfo.Capture(exception));
    }

    /// <summary>Adds a callback run (through <c>CallSoon</c>) when it is done; at once-scheduled if it is already done.</summary>
    public void AddDoneCallback(Action<Future> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Loop.CheckThread();
        var done = new DoneCallback(callback, this);
        if (_state != FutureState.Pending)
        {
            Loop.EnqueueReady(done);
            return;
        }

        AddCallback(done);
    }

    /// <summary>Removes every registration of <paramref name="callback"/>; returns how many were removed.</summary>
    public int RemoveDoneCallback(Action<Future> callback)
    {
        Loop.CheckThread();
        return RemoveCallback(callback);
    }

    /// <inheritdoc/>
    public override string ToString() => $"<{GetType().Name.Split('`')[0]} {StateText()}>";

    private protected string StateText() => _state switch
    {
        FutureState.Pending => "pending",
        FutureState.Cancelled => "cancelled",
        _ => "finished",
    };

    private protected string? ExceptionText() =>
        _state == FutureState.Faulted ? $"{ExceptionInfo!.SourceException.GetType().Name}('{ExceptionInfo.SourceException.Message}')" : null;

    internal ExceptionDispatchInfo? ExceptionInfo => (_outcome as Failure)?.Exception;

    internal string? CancelMessageInternal => _outcome as string;

    /// <summary>The result as an object after success: the value of a typed future or task, null otherwise.</summary>
    internal virtual object? BoxedResult => null;

    /// <summary>Fails it with an exception captured elsewhere, keeping that exception's original stack trace.</summary>
    internal void SetExceptionInfo(ExceptionDispatchInfo exception)
    {
        ThrowIfDone();
        CompleteWithException(exception);
    }

    /// <summary>For the loop itself, which may register from outside a running loop.</summary>
    internal void AddDoneCallbackUnchecked(Action<Future> callback) => AddCallback(new DoneCallback(callback, this));

    internal void RemoveDoneCallbackUnchecked(Action<Future> callback) => RemoveCallback(callback);

    internal void ThrowIfDone()
    {
        if (_state != FutureState.Pending)
        {
            throw new InvalidStateException($"{StateText()}: the future is already done.");
        }
    }

    /// <summary>Registers a task (no delegate) to be woken when this completes.</summary>
    internal void AddWaiter(IRunnable waiter) => AddCallback(waiter);

    /// <summary>Registers a combinator to be told (one iteration later, like a done callback) when this completes.</summary>
    internal void AddListener(IDoneListener listener)
    {
        if (_state != FutureState.Pending)
        {
            // Done already (a gather over finished tasks): the future delivers itself, as ScheduleCallbacks does,
            // unless another delivery holds the slot.
            if (_callbacks is null)
            {
                _callbacks = listener;
                Loop.EnqueueReady(this);
            }
            else
            {
                Loop.EnqueueReady(new ListenerCall(listener, this));
            }

            return;
        }

        AddCallback(listener);
    }

    internal void RemoveWaiter(IRunnable waiter) => RemoveCallback(waiter);

    internal CancelledException MakeCancelledException() => new(CancelMessageInternal);

    internal void MarkRetrieved()
    {
        if (_outcome is Failure { Reporter: { } reporter } failure)
        {
            reporter.Suppress();
            failure.Reporter = null;
        }
    }

    private protected void CompleteWithSuccess()
    {
        _outcome = null;
        _state = FutureState.Succeeded;
        ScheduleCallbacks();
    }

    private protected void CompleteWithException(ExceptionDispatchInfo exception)
    {
        var reporter = new UnobservedExceptionReporter(this);
        _outcome = new Failure(exception, reporter);
        _state = FutureState.Faulted;
        Loop.TrackUnobserved(reporter);
        ScheduleCallbacks();
    }

    private protected void CompleteCancelled(string? message)
    {
        _outcome = message ?? s_noMessage;
        _state = FutureState.Cancelled;
        ScheduleCallbacks();
    }

    /// <summary>What the ready queue runs for a future: the delivery to its lone listener (see ScheduleCallbacks).
    /// A task overrides this with its step; a done task is in the ready queue only for this delivery.</summary>
    void IRunnable.Run() => DeliverToListener();

    private protected void DeliverToListener()
    {
        if (_callbacks is IDoneListener listener)
        {
            _callbacks = null;
            listener.OnDone(this);
        }
    }

    private void AddCallback(object callback)
    {
        if (_callbacks is null)
        {
            _callbacks = callback;
        }
        else if (_callbacks is List<object> list)
        {
            list.Add(callback);
        }
        else
        {
            _callbacks = new List<object>(4) { _callbacks, callback };
        }
    }

    private int RemoveCallback(object callback)
    {
        bool Matches(object registered) =>
            ReferenceEquals(registered, callback) || (registered is DoneCallback done && done.Callback.Equals(callback));

        if (_callbacks is null)
        {
            return 0;
        }

        if (_callbacks is List<object> list)
        {
            return list.RemoveAll(Matches);
        }

        if (Matches(_callbacks))
        {
            _callbacks = null;
            return 1;
        }

        return 0;
    }

    private void ScheduleCallbacks()
    {
        object? callbacks = _callbacks;
        if (callbacks is IDoneListener)
        {
            // The future itself goes in the ready queue and hands itself to the listener when run: no allocation.
            Loop.EnqueueReady(this);
            return;
        }

        _callbacks = null;
        if (callbacks is null)
        {
            return;
        }

        if (callbacks is List<object> list)
        {
            foreach (object callback in list)
            {
                // Listener first: a listener (a gather) is itself a future, so it is an IRunnable too.
                Loop.EnqueueReady(callback is IDoneListener listener ? new ListenerCall(listener, this) : (IRunnable)callback);
            }
        }
        else
        {
            Loop.EnqueueReady((IRunnable)callbacks);
        }
    }

    /// <summary>A listener's delivery when the future cannot carry it itself (several registrations, or already done).</summary>
    private sealed class ListenerCall(IDoneListener listener, Future future) : IRunnable
    {
        public void Run() => listener.OnDone(future);

        public override string ToString() => listener.GetType().Name.Split('`')[0] + ".OnDone";
    }

    private static readonly object s_noMessage = new();

    private sealed class Failure
    {
        public Failure(ExceptionDispatchInfo exception, UnobservedExceptionReporter reporter)
        {
            Exception = exception;
            Reporter = reporter;
        }

        public ExceptionDispatchInfo Exception { get; }

        /// <summary>Alive until someone retrieves the exception.</summary>
        public UnobservedExceptionReporter? Reporter { get; set; }
    }

    private enum FutureState : byte
    {
        Pending,
        Succeeded,
        Faulted,
        Cancelled,
    }
}
