namespace Coroutines;

/// <summary>A task whose coroutine completes with a value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class CoroutineTask<T> : CoroutineTask, IResultSource<T>
{
    internal CoroutineTask(EventLoop loop, Coroutine<T> coroutine, string? name, bool eagerStart = false)
        : base(loop, coroutine, name, eagerStart)
    {
    }

    /// <summary>The coroutine's result; rethrows its failure, throws <see cref="CancelledException"/> if the task
    /// was cancelled and <see cref="InvalidStateException"/> while it is pending.</summary>
    public T Result
    {
        get
        {
            GetResult();
            return ((Coroutine<T>)Root).Result;
        }
    }

    T IResultSource<T>.GetResultValue() => Result;

    internal override object? BoxedResult => Result;

    /// <summary>Lets <c>async</c> code <c>await</c> this task for its result.</summary>
    public new FutureAwaiter<T> GetAwaiter() => new(this, () => Result);

    /// <summary>The coroutine this task runs.</summary>
    public new Coroutine<T> GetCoro() => (Coroutine<T>)Root;

    private protected override string ResultText() => $" result={((Coroutine<T>)Root).Result}";
}
