namespace Coroutines;

/// <summary>
/// Structured concurrency (asyncio.TaskGroup): tasks created through the group are all awaited before the group ends;
/// the first failure cancels the others; failures are reported together as a <see cref="TaskGroupException"/>.
/// </summary>
/// <remarks>
/// <para>Two shapes. <see cref="Run(Func{TaskGroup, Coroutine})"/> runs a body coroutine as a member of the group, so a
/// child failure cancels the body too (asyncio's <c>async with TaskGroup() as tg:</c> block):</para>
/// <code>yield return TaskGroup.Run(group => DownloadAllAsync(group, urls));</code>
/// <para>Or create tasks, then join: <c>group.CreateTask(A()); group.CreateTask(B()); yield return group.Join();</c> — here the
/// code between the two is the caller's own and a child failure does not interrupt it, only the join reports it.</para>
/// <para>Cancelling the join from outside (the waiting task is cancelled) cancels every member, waits for them to
/// unwind and ends cancelled — unless members failed, whose failures win, as in asyncio.</para>
/// Invariants: <c>_pending</c> counts members not done; once aborting, no new member may join.
/// </remarks>
public sealed class TaskGroup
{
    private readonly List<CoroutineTask> _members = new();
    private readonly List<Exception> _failures = new();
    private EventLoop? _loop;
    private int _pending;
    private bool _aborting;
    private bool _finished;
    private IJoin? _join;
    private CoroutineTask? _body;
    private bool _cancelRequested;

    /// <summary>Runs <paramref name="body"/> as a member of a new group and completes when every member is done.</summary>
    public static Future Run(Func<TaskGroup, Coroutine> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var group = new TaskGroup();
        group._body = group.CreateTask(body(group));
        return group.Join();
    }

    /// <summary>Runs <paramref name="body"/> as a member of a new group; completes with the body's result once every member is done.</summary>
    public static Future<T> Run<T>(Func<TaskGroup, Coroutine<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var group = new TaskGroup();
        CoroutineTask<T> main = group.CreateTask(body(group));
        group._body = main;
        return group.JoinCore(() => main.Result);
    }

    /// <summary>Starts <paramref name="coroutine"/> as a member task.</summary>
    /// <exception cref="InvalidOperationException">The group is shutting down or finished.</exception>
    public CoroutineTask CreateTask(Coroutine coroutine, string? name = null) => Track(Loop().CreateTask(CheckOpen(coroutine), name));

    /// <summary>Starts <paramref name="coroutine"/> as a member task with a result.</summary>
    /// <exception cref="InvalidOperationException">The group is shutting down or finished.</exception>
    public CoroutineTask<T> CreateTask<T>(Coroutine<T> coroutine, string? name = null) => Track(Loop().CreateTask(CheckOpen(coroutine), name));

    /// <summary>
    /// Ends the group early, without an error (asyncio 3.15's <c>TaskGroup.cancel()</c>): every member not done is
    /// cancelled, then the body, and the join completes once they have unwound — successfully, unless a member failed
    /// meanwhile. For <see cref="Run{T}(Func{TaskGroup, Coroutine{T}})"/> a body cancelled before it returned has no
    /// result, so that join ends cancelled. No member may join afterwards. Calling it again, or after the group
    /// finished, does nothing.
    /// </summary>
    public void Cancel()
    {
        if (_finished || _cancelRequested)
        {
            return;
        }

        _cancelRequested = true;
        Abort(bodyFirst: false);
        if (_pending == 0 && _join is not null)
        {
            Finish();
        }
    }

    /// <summary>Completes when every member is done: with the failures as a <see cref="TaskGroupException"/> if any failed.</summary>
    public Future Join() => JoinCore(static () => default(VoidResult));

    /// <summary>The member tasks, in creation order.</summary>
    public IReadOnlyList<CoroutineTask> Tasks => _members;

    private Future<T> JoinCore<T>(Func<T> result)
    {
        if (_join is not null)
        {
            throw new InvalidOperationException("The group was already joined.");
        }

        var join = new JoinFuture<T>(this, Loop(), result);
        _join = join;
        if (_pending == 0)
        {
            Finish();
        }

        return join;
    }

    private EventLoop Loop() => _loop ??= Co.GetRunningLoop();

    private TCoroutine CheckOpen<TCoroutine>(TCoroutine coroutine)
        where TCoroutine : Coroutine
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        if (_aborting || _finished)
        {
            throw new InvalidOperationException(_finished ? "TaskGroup is finished." : "TaskGroup is shutting down.");
        }

        return coroutine;
    }

    private TTask Track<TTask>(TTask task)
        where TTask : CoroutineTask
    {
        _members.Add(task);
        _pending++;
        task.AddDoneCallback(OnMemberDone);
        return task;
    }

    private void OnMemberDone(Future member)
    {
        _pending--;
        if (member.IsFaulted)
        {
            member.MarkRetrieved();
            _failures.Add(member.ExceptionInfo!.SourceException);
            Abort(bodyFirst: false);
        }

        if (_pending == 0 && _join is not null)
        {
            Finish();
        }
    }

    /// <summary>
    /// Cancels every member. asyncio's order: after a member failure the siblings are cancelled, then the body;
    /// after a cancellation from outside the body is cancelled first (it is what was cancelled) and then the rest.
    /// </summary>
    private void Abort(bool bodyFirst)
    {
        if (_aborting)
        {
            return;
        }

        _aborting = true;
        if (bodyFirst)
        {
            CancelBody();
        }

        foreach (CoroutineTask member in _members)
        {
            if (member != _body && !member.Done)
            {
                member.Cancel();
            }
        }

        CancelBody();
    }

    private void CancelBody()
    {
        if (_body is { Done: false } body && body.Cancelling() == 0)
        {
            body.Cancel();
        }
    }

    private void Finish()
    {
        _finished = true;
        _join!.Complete(_failures);
    }

    private interface IJoin
    {
        void Complete(List<Exception> failures);
    }

    private sealed class JoinFuture<T> : Future<T>, IJoin
    {
        private readonly TaskGroup _group;
        private readonly Func<T> _result;
        private bool _cancelledFromOutside;
        private string? _message;

        public JoinFuture(TaskGroup group, EventLoop loop, Func<T> result)
            : base(loop)
        {
            _group = group;
            _result = result;
        }

        public override bool Cancel(string? message = null)
        {
            if (Done)
            {
                return false;
            }

            _cancelledFromOutside = true;
            _message = message;
            _group.Abort(bodyFirst: true);
            return true;
        }

        public void Complete(List<Exception> failures)
        {
            if (Done)
            {
                return;
            }

            if (failures.Count > 0)
            {
                SetException(new TaskGroupException(failures));
            }
            else if (_cancelledFromOutside)
            {
                base.Cancel(_message);
            }
            else if (typeof(T) != typeof(VoidResult) && _group._cancelRequested && _group._body is { Cancelled: true })
            {
                // TaskGroup.Cancel() ended the body before it returned: there is no result to give.
                base.Cancel("The task group was cancelled before its body returned.");
            }
            else
            {
                SetResult(_result());
            }
        }
    }
}
