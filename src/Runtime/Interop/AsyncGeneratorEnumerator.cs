using System.Threading.Tasks;

namespace Coroutines;

/// <summary>
/// <c>await foreach</c> over an async generator from ordinary <c>async</c> code. Each <c>MoveNextAsync</c> pulls once,
/// in a task of the generator's loop: the caller's loop when the enumeration starts on a loop thread (the continuation
/// then comes back on the loop, as <see cref="FutureAwaiter"/> does), otherwise a loop of its own on a new thread,
/// started with the enumeration and shut down by <c>DisposeAsync</c> (the continuation then runs on the thread pool, never
/// on that loop). Cancelling the token cancels the pull in flight, which unwinds the generator.
/// </summary>
internal sealed class AsyncGeneratorEnumerator<T> : IAsyncEnumerator<T>
{
    private readonly AsyncGenerator<T> _generator;
    private readonly CancellationToken _cancellationToken;
    private readonly EventLoop _loop;
    private readonly Thread? _ownLoopThread;
    private readonly TaskCompletionSource? _ownLoopClosed;
    private T _current = default!;
    private bool _hasCurrent;
    private ValueTask _disposing;
    private bool _disposeStarted;

    public AsyncGeneratorEnumerator(AsyncGenerator<T> generator, CancellationToken cancellationToken)
    {
        _generator = generator;
        _cancellationToken = cancellationToken;
        if (EventLoop.Current is { } callersLoop)
        {
            _loop = callersLoop;
            return;
        }

        _loop = new EventLoop();
        _ownLoopClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ownLoopThread = new Thread(RunOwnLoop) { IsBackground = true, Name = $"Coroutines loop ({generator.Name})" };
        _ownLoopThread.Start();
    }

    public T Current => _hasCurrent ? _current : throw new InvalidOperationException("No current item: MoveNextAsync did not return true.");

    private bool OnOwnLoop => _ownLoopThread is not null;

    public ValueTask<bool> MoveNextAsync()
    {
        _hasCurrent = false;
        if (_cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(_cancellationToken);
        }

        var pulled = new TaskCompletionSource<bool>(OnOwnLoop ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
        OnLoop(() => StartPull(pulled));
        return new ValueTask<bool>(pulled.Task);
    }

    public ValueTask DisposeAsync()
    {
        if (_disposeStarted)
        {
            return _disposing;
        }

        _disposeStarted = true;
        var closed = new TaskCompletionSource(OnOwnLoop ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
        OnLoop(() =>
        {
            var closing = _loop.CreateTask(_generator.CloseAsync(), $"{_generator.Name} close");
            closing.AddDoneCallback(_ =>
            {
                if (OnOwnLoop)
                {
                    _loop.Stop();
                    _ownLoopClosed!.Task.ContinueWith(_ => CopyOutcome(closing, closed), TaskScheduler.Default);
                }
                else
                {
                    CopyOutcome(closing, closed);
                }
            });
        });
        _disposing = new ValueTask(closed.Task);
        return _disposing;
    }

    private void StartPull(TaskCompletionSource<bool> pulled)
    {
        var pull = _loop.CreateTask(Co.FromIterator(PullOnce()), $"{_generator.Name} pull");
        var cancelRegistration = _cancellationToken.CanBeCanceled
            ? _cancellationToken.Register(() => _loop.TryCallSoonThreadsafe(() => pull.Cancel()))
            : default;
        pull.AddDoneCallback(_ =>
        {
            cancelRegistration.Dispose();
            if (pull.Cancelled)
            {
                pulled.SetCanceled(_cancellationToken.IsCancellationRequested ? _cancellationToken : new CancellationToken(canceled: true));
            }
            else if (pull.Exception is { } failure)
            {
                pulled.SetException(failure);
            }
            else
            {
                _hasCurrent = pull.Result;
                _current = _hasCurrent ? _generator.Current : default!;
                pulled.SetResult(_hasCurrent);
            }
        });
    }

    private IEnumerable<Yield<bool>> PullOnce()
    {
        yield return _generator.Next();
        yield return Co.Return(!_generator.Ended);
    }

    private void OnLoop(Action action)
    {
        if (EventLoop.Current == _loop)
        {
            action();
            return;
        }

        _loop.CallSoonThreadsafe(action);
    }

    private void RunOwnLoop()
    {
        try
        {
            _loop.RunForever();
        }
        finally
        {
            _loop.CancelAllTasksAndWait();
            _loop.Close();
            _ownLoopClosed!.SetResult();
        }
    }

    private static void CopyOutcome(CoroutineTask closing, TaskCompletionSource closed)
    {
        if (closing.Cancelled)
        {
            closed.SetCanceled();
        }
        else if (closing.Exception is { } failure)
        {
            closed.SetException(failure);
        }
        else
        {
            closed.SetResult();
        }
    }
}
