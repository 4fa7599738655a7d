using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Coroutines;

/// <summary>Lets ordinary <c>async</c> code <c>await</c> a <see cref="Future"/> or a task.</summary>
/// <remarks>
/// On the loop thread the continuation runs as a done callback (on the loop). From any other thread the
/// registration is posted to the loop and the continuation comes back on the caller's
/// <see cref="SynchronizationContext"/>, or the thread pool — never on the loop thread, so it cannot block the loop.
/// A future whose loop is not running (and so could never complete it) is not waited for: the <c>await</c> throws
/// <see cref="InvalidOperationException"/> at once instead of hanging. Start the loop first (<c>RunForever</c> on a
/// thread of its own), or run the coroutine with <see cref="Co.RunAsync(Coroutine, bool)"/>.
/// </remarks>
public readonly struct FutureAwaiter : ICriticalNotifyCompletion
{
    private readonly Future _future;

    internal FutureAwaiter(Future future) => _future = future;

    /// <summary><see langword="true"/> when the future is done — or can never be, its loop not running.</summary>
    public bool IsCompleted => _future.Done || !CanComplete(_future);

    /// <summary>Rethrows the failure, if any.</summary>
    /// <exception cref="InvalidOperationException">The future is pending and its loop is not running.</exception>
    public void GetResult()
    {
        ThrowIfStranded(_future);
        _future.GetResult();
    }

    /// <summary>Whether the future's loop runs, or runs this very code: only then can it complete the future.</summary>
    internal static bool CanComplete(Future future) => future.Loop.IsRunning || EventLoop.Current == future.Loop;

    internal static void ThrowIfStranded(Future future)
    {
        if (!future.Done && !CanComplete(future))
        {
            throw new InvalidOperationException(
                $"{future} belongs to an event loop that is not running, so it would never complete: run the loop (RunForever on a thread of its own) before awaiting, or start the coroutine with Co.RunAsync.");
        }
    }

    /// <inheritdoc/>
    public void OnCompleted(Action continuation) => Register(_future, continuation);

    /// <inheritdoc/>
    public void UnsafeOnCompleted(Action continuation) => Register(_future, continuation);

    internal static void Register(Future future, Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        EventLoop loop = future.Loop;
        if (EventLoop.Current == loop)
        {
            future.AddDoneCallback(_ => continuation());
            return;
        }

        SynchronizationContext? context = SynchronizationContext.Current;
        Action resume = context is null
            ? () => ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false)
            : () => context.Post(static c => ((Action)c!)(), continuation);
        loop.CallSoonThreadsafe(() =>
        {
            if (future.Done)
            {
                resume();
            }
            else
            {
                future.AddDoneCallback(_ => resume());
            }
        });
    }
}

/// <summary>Lets ordinary <c>async</c> code <c>await</c> a <see cref="Future{T}"/> for its result.</summary>
/// <typeparam name="T">The result type.</typeparam>
public readonly struct FutureAwaiter<T> : ICriticalNotifyCompletion
{
    private readonly Future _future;
    private readonly Func<T> _result;

    internal FutureAwaiter(Future future, Func<T> result)
    {
        _future = future;
        _result = result;
    }

    /// <summary><see langword="true"/> when the future is done — or can never be, its loop not running.</summary>
    public bool IsCompleted => _future.Done || !FutureAwaiter.CanComplete(_future);

    /// <summary>The result; rethrows the failure, if any.</summary>
    /// <exception cref="InvalidOperationException">The future is pending and its loop is not running.</exception>
    public T GetResult()
    {
        FutureAwaiter.ThrowIfStranded(_future);
        return _result();
    }

    /// <inheritdoc/>
    public void OnCompleted(Action continuation) => FutureAwaiter.Register(_future, continuation);

    /// <inheritdoc/>
    public void UnsafeOnCompleted(Action continuation) => FutureAwaiter.Register(_future, continuation);
}
