namespace Coroutines;

/// <summary>A <see cref="Future"/> with a result of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
public class Future<T> : Future, IResultSource<T>
{
    private T _result = default!;

    /// <summary>Creates a pending future bound to <paramref name="loop"/> (or use <see cref="EventLoop.CreateFuture{T}"/>).</summary>
    public Future(EventLoop loop) : base(loop)
    {
    }

    /// <summary>The result; rethrows the failure (original stack trace), throws <see cref="CancelledException"/>
    /// if cancelled and <see cref="InvalidStateException"/> while pending.</summary>
    public T Result
    {
        get
        {
            GetResult();
            return _result;
        }
    }

    T IResultSource<T>.GetResultValue() => Result;

    internal override object? BoxedResult => _result is VoidResult ? null : _result;

    /// <summary>Lets <c>async</c> code <c>await</c> this future for its result.</summary>
    public new FutureAwaiter<T> GetAwaiter() => new(this, () => Result);

    /// <summary>Completes it with <paramref name="result"/> and schedules its callbacks.</summary>
    /// <exception cref="InvalidStateException">It is already done.</exception>
    public void SetResult(T result)
    {
        Loop.CheckThread();
        ThrowIfDone();
        _result = result;
        CompleteWithSuccess();
    }

    /// <summary>Completes it unless it is already done (for example cancelled); returns whether it did.</summary>
    public bool TrySetResult(T result)
    {
        if (Done)
        {
            return false;
        }

        SetResult(result);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsSucceeded ? $"<Future finished result={_result}>" :
        IsFaulted ? $"<Future finished exception={ExceptionText()}>" :
        $"<Future {StateText()}>";
}
