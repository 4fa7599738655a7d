namespace Coroutines;

/// <summary>
/// A deadline for a block of a template or for a piece of work (asyncio's <c>timeout</c> / <c>timeout_at</c>).
/// </summary>
/// <remarks>
/// <para>As a scope, asyncio's <c>async with asyncio.timeout(s):</c>:
/// <code>using (Timeout(0.5))
/// {
///     yield return FetchAsync(url);
/// }</code>
/// <see cref="Co.Timeout(double?)"/> binds the scope to the task that calls it. When the deadline passes, that task is
/// cancelled at its suspension point and its <c>finally</c> blocks run; leaving the scope then turns that cancellation,
/// and only that one, into a <see cref="TimeoutException"/> (its inner exception is the cancellation), as asyncio's
/// <c>uncancel()</c> does: a <see cref="CoroutineTask.Cancel"/> from outside stays a cancellation, also when it comes in
/// the same loop iteration as the deadline. The exception propagates like any failure: settle the coroutine that holds
/// the scope to react to it (<c>var fetch = GetAsync(url); yield return Settle(fetch); if (fetch.Exception is TimeoutException) …</c>).
/// Nested scopes behave as asyncio's: whichever expires, the innermost scope that caused the cancellation raises.</para>
/// <para>As a runner, <see cref="Run{T}(Coroutine{T})"/> runs work as a child task under the deadline and returns a
/// future that fails with <see cref="TimeoutException"/>.</para>
/// </remarks>
public sealed class TimeoutScope : IDisposable
{
    private double? _when;
    private ScopeState _state;
    private CoroutineTask? _task;
    private int _cancelling;
    private Handle? _handler;
    private IDeadline? _running;

    internal TimeoutScope(double? when, CoroutineTask? current)
    {
        _when = when;
        if (current is not null)
        {
            Enter(current);
        }
    }

    private enum ScopeState
    {
        Created,
        Entered,
        Expiring,
        Expired,
        Exited,
        Running,
    }

    /// <summary>The deadline in loop time (<see cref="EventLoop.Time"/>), or null for none.</summary>
    public double? When => _when;

    /// <summary><see langword="true"/> once the deadline passed while the scope (or its work) ran.</summary>
    public bool Expired => _state is ScopeState.Expiring or ScopeState.Expired || (_running?.Expired ?? false);

    /// <summary>Moves the deadline (loop time); null removes it. Takes effect at once.</summary>
    /// <exception cref="InvalidOperationException">The scope already expired or was left.</exception>
    public void Reschedule(double? when)
    {
        switch (_state)
        {
            case ScopeState.Created:
                _when = when;
                return;
            case ScopeState.Running:
                _when = when;
                _running!.Reschedule(when);
                return;
            case ScopeState.Entered:
                _when = when;
                Arm();
                return;
            default:
                throw new InvalidOperationException($"Cannot change the deadline of a {StateText()} TimeoutScope.");
        }
    }

    /// <summary>
    /// Leaves the scope: the deadline no longer applies. If the deadline passed and cancelled the task, and no other
    /// cancellation was requested since the scope began, the cancellation unwinding the task becomes a
    /// <see cref="TimeoutException"/>.
    /// </summary>
    /// <exception cref="TimeoutException">This scope's deadline cancelled the task.</exception>
    public void Dispose()
    {
        if (_state is not (ScopeState.Entered or ScopeState.Expiring))
        {
            return;
        }

        _handler?.Cancel();
        _handler = null;
        if (_state == ScopeState.Entered)
        {
            _state = ScopeState.Exited;
            return;
        }

        _state = ScopeState.Expired;
        if (_task!.Uncancel() <= _cancelling && _task.Loop.Unwinding is CancelledException cancellation)
        {
            throw new TimeoutException("The operation timed out.", cancellation);
        }
    }

    /// <summary>Runs <paramref name="coroutine"/> as a task under this deadline; the future completes with its result.</summary>
    /// <exception cref="InvalidOperationException">This timeout already ran work, or is in use as a scope.</exception>
    public Future<T> Run<T>(Coroutine<T> coroutine)
    {
        EventLoop loop = Co.GetRunningLoop();
        return Start(new DeadlineFuture<T>(loop, loop.CreateTask(coroutine ?? throw new ArgumentNullException(nameof(coroutine)))));
    }

    /// <summary>Runs <paramref name="coroutine"/> as a task under this deadline.</summary>
    /// <exception cref="InvalidOperationException">This timeout already ran work, or is in use as a scope.</exception>
    public Future Run(Coroutine coroutine)
    {
        EventLoop loop = Co.GetRunningLoop();
        return Start(new DeadlineFuture<VoidResult>(loop, loop.CreateTask(coroutine ?? throw new ArgumentNullException(nameof(coroutine)))));
    }

    /// <summary>Waits for <paramref name="task"/> under this deadline; at expiry it is cancelled.</summary>
    /// <exception cref="InvalidOperationException">This timeout already ran work, or is in use as a scope.</exception>
    public Future<T> Run<T>(CoroutineTask<T> task) =>
        Start(new DeadlineFuture<T>(Co.GetRunningLoop(), task ?? throw new ArgumentNullException(nameof(task))));

    /// <summary>Waits for <paramref name="future"/> under this deadline; at expiry it is cancelled.</summary>
    /// <exception cref="InvalidOperationException">This timeout already ran work, or is in use as a scope.</exception>
    public Future<T> Run<T>(Future<T> future) =>
        Start(new DeadlineFuture<T>(Co.GetRunningLoop(), future ?? throw new ArgumentNullException(nameof(future))));

    /// <summary>Waits for a future or task without a result under this deadline; at expiry it is cancelled.</summary>
    /// <exception cref="InvalidOperationException">This timeout already ran work, or is in use as a scope.</exception>
    public Future Run(Future future) =>
        Start(new DeadlineFuture<VoidResult>(Co.GetRunningLoop(), future ?? throw new ArgumentNullException(nameof(future))));

    private Future<T> Start<T>(DeadlineFuture<T> deadline)
    {
        if (_state == ScopeState.Entered)
        {
            // Made by Timeout(s) in a task and run at once: the work, not the calling task, is what the deadline is for.
            _handler?.Cancel();
            _handler = null;
            _task = null;
            _state = ScopeState.Created;
        }

        if (_state != ScopeState.Created)
        {
            throw new InvalidOperationException($"This TimeoutScope is {StateText()}; create a new one to run work under a deadline.");
        }

        _state = ScopeState.Running;
        _running = new Deadline<T>(deadline);
        deadline.Reschedule(_when);
        return deadline;
    }

    private void Enter(CoroutineTask task)
    {
        _state = ScopeState.Entered;
        _task = task;
        _cancelling = task.Cancelling();
        Arm();
    }

    /// <summary>asyncio's <c>reschedule</c>: a past deadline fires on the next loop iteration.</summary>
    private void Arm()
    {
        _handler?.Cancel();
        _handler = null;
        if (_when is not double when)
        {
            return;
        }

        EventLoop loop = _task!.Loop;
        _handler = when <= loop.Time() ? loop.CallSoon(OnTimeout) : loop.CallAt(when, OnTimeout);
    }

    private void OnTimeout()
    {
        _task!.Cancel();
        _state = ScopeState.Expiring;
        _handler = null;
    }

    private string StateText() => _state switch
    {
        ScopeState.Created => "created",
        ScopeState.Entered => "active",
        ScopeState.Expiring => "expiring",
        ScopeState.Expired => "expired",
        ScopeState.Running => "running work",
        _ => "finished",
    };

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"<TimeoutScope [{(_running is { Expired: true } ? "expired" : StateText())}] when={_when}>");

    private interface IDeadline
    {
        bool Expired { get; }

        void Reschedule(double? when);
    }

    private sealed class Deadline<T> : IDeadline
    {
        private readonly DeadlineFuture<T> _future;

        public Deadline(DeadlineFuture<T> future) => _future = future;

        public bool Expired => _future.Expired;

        public void Reschedule(double? when) => _future.Reschedule(when);
    }
}
