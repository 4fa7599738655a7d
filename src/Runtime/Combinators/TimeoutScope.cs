namespace Coroutines;

/// <summary>
/// A deadline for a piece of work (asyncio.timeout / timeout_at). Create it with <see cref="Co.Timeout(double?)"/> or
/// <see cref="Co.TimeoutAt(double?)"/>, run work under it with <see cref="Run{T}(Coroutine{T})"/>, and move the
/// deadline while the work runs with <see cref="Reschedule(double?)"/>. When it expires the work is cancelled at its
/// suspension point, its <c>finally</c> blocks run, and the future fails with <see cref="TimeoutException"/>.
/// </summary>
/// <remarks>
/// asyncio's scope is an <c>async with</c> block; an iterator cannot catch at a <c>yield</c>, so the block here is a
/// coroutine run as a child task. To react to the timeout, settle the future:
/// <code>var work = Timeout(2).Run(FetchAsync(url)); yield return Settle(work); if (work.Exception is TimeoutException) …</code>
/// </remarks>
public sealed class TimeoutScope
{
    private double? _when;
    private IDeadline? _running;

    internal TimeoutScope(double? when) => _when = when;

    /// <summary>The deadline in loop time (<see cref="EventLoop.Time"/>), or null for none.</summary>
    public double? When => _when;

    /// <summary><see langword="true"/> once the deadline passed while the work ran.</summary>
    public bool Expired => _running?.Expired ?? false;

    /// <summary>Moves the deadline (loop time); null removes it. Takes effect at once on running work.</summary>
    public void Reschedule(double? when)
    {
        _when = when;
        _running?.Reschedule(when);
    }

    /// <summary>Runs <paramref name="coroutine"/> as a task under this deadline; the future completes with its result.</summary>
    /// <exception cref="InvalidOperationException">This timeout already ran work.</exception>
    public Future<T> Run<T>(Coroutine<T> coroutine)
    {
        EventLoop loop = Co.GetRunningLoop();
        return Start(new DeadlineFuture<T>(loop, loop.CreateTask(coroutine ?? throw new ArgumentNullException(nameof(coroutine)))));
    }

    /// <summary>Runs <paramref name="coroutine"/> as a task under this deadline.</summary>
    /// <exception cref="InvalidOperationException">This timeout already ran work.</exception>
    public Future Run(Coroutine coroutine)
    {
        EventLoop loop = Co.GetRunningLoop();
        return Start(new DeadlineFuture<VoidResult>(loop, loop.CreateTask(coroutine ?? throw new ArgumentNullException(nameof(coroutine)))));
    }

    private Future<T> Start<T>(DeadlineFuture<T> deadline)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("This TimeoutScope already ran work; create a new one.");
        }

        _running = new Deadline<T>(deadline);
        deadline.Reschedule(_when);
        return deadline;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"<TimeoutScope [{(Expired ? "expired" : _running is null ? "created" : "active")}] when={_when}>");

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
