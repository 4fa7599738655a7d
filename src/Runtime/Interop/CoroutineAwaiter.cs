using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Coroutines;

/// <summary>
/// <c>await FooAsync()</c> from ordinary <c>async</c> code. On a thread whose loop is running (async code called from a
/// loop callback), the coroutine runs as a task of that loop and the continuation comes back on the loop. Anywhere
/// else it runs as <see cref="Co.RunAsync(Coroutine, bool)"/> does: on a new loop of its own thread.
/// </summary>
public static class CoroutineAwaiting
{
    /// <summary>Lets <c>async</c> code <c>await</c> a coroutine.</summary>
    public static CoroutineAwaiter GetAwaiter(this Coroutine coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        return EventLoop.Current is { } loop
            ? new CoroutineAwaiter(loop.CreateTask(coroutine).GetAwaiter(), default, isOnLoop: true)
            : new CoroutineAwaiter(default, Co.RunAsync(coroutine).GetAwaiter(), isOnLoop: false);
    }

    /// <summary>Lets <c>async</c> code <c>await</c> a coroutine for its result.</summary>
    public static CoroutineAwaiter<T> GetAwaiter<T>(this Coroutine<T> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        return EventLoop.Current is { } loop
            ? new CoroutineAwaiter<T>(loop.CreateTask(coroutine).GetAwaiter(), default, isOnLoop: true)
            : new CoroutineAwaiter<T>(default, Co.RunAsync(coroutine).GetAwaiter(), isOnLoop: false);
    }
}

/// <summary>Awaits a coroutine from <c>async</c> code (see <see cref="CoroutineAwaiting"/>).</summary>
public readonly struct CoroutineAwaiter : ICriticalNotifyCompletion
{
    private readonly FutureAwaiter _onLoop;
    private readonly TaskAwaiter _elsewhere;
    private readonly bool _isOnLoop;

    internal CoroutineAwaiter(FutureAwaiter onLoop, TaskAwaiter elsewhere, bool isOnLoop)
    {
        _onLoop = onLoop;
        _elsewhere = elsewhere;
        _isOnLoop = isOnLoop;
    }

    /// <summary><see langword="true"/> when the coroutine finished.</summary>
    public bool IsCompleted => _isOnLoop ? _onLoop.IsCompleted : _elsewhere.IsCompleted;

    /// <summary>Rethrows the coroutine's failure, if any.</summary>
    public void GetResult()
    {
        if (_isOnLoop) _onLoop.GetResult(); else _elsewhere.GetResult();
    }

    /// <inheritdoc/>
    public void OnCompleted(Action continuation)
    {
        if (_isOnLoop) _onLoop.OnCompleted(continuation); else _elsewhere.OnCompleted(continuation);
    }

    /// <inheritdoc/>
    public void UnsafeOnCompleted(Action continuation)
    {
        if (_isOnLoop) _onLoop.UnsafeOnCompleted(continuation); else _elsewhere.UnsafeOnCompleted(continuation);
    }
}

/// <summary>Awaits a coroutine from <c>async</c> code for its result (see <see cref="CoroutineAwaiting"/>).</summary>
/// <typeparam name="T">The result type.</typeparam>
public readonly struct CoroutineAwaiter<T> : ICriticalNotifyCompletion
{
    private readonly FutureAwaiter<T> _onLoop;
    private readonly TaskAwaiter<T> _elsewhere;
    private readonly bool _isOnLoop;

    internal CoroutineAwaiter(FutureAwaiter<T> onLoop, TaskAwaiter<T> elsewhere, bool isOnLoop)
    {
        _onLoop = onLoop;
        _elsewhere = elsewhere;
        _isOnLoop = isOnLoop;
    }

    /// <summary><see langword="true"/> when the coroutine finished.</summary>
    public bool IsCompleted => _isOnLoop ? _onLoop.IsCompleted : _elsewhere.IsCompleted;

    /// <summary>The coroutine's result; rethrows its failure, if any.</summary>
    public T GetResult() => _isOnLoop ? _onLoop.GetResult() : _elsewhere.GetResult();

    /// <inheritdoc/>
    public void OnCompleted(Action continuation)
    {
        if (_isOnLoop) _onLoop.OnCompleted(continuation); else _elsewhere.OnCompleted(continuation);
    }

    /// <inheritdoc/>
    public void UnsafeOnCompleted(Action continuation)
    {
        if (_isOnLoop) _onLoop.UnsafeOnCompleted(continuation); else _elsewhere.UnsafeOnCompleted(continuation);
    }
}
