namespace Coroutines;

/// <summary>A coroutine that completes with a value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
public abstract class Coroutine<T> : Coroutine
{
    private T _result = default!;

    /// <summary>The value passed to <c>Return</c>. Before completion it throws <see cref="InvalidStateException"/>;
    /// after a failure it rethrows that failure with its original stack trace.</summary>
    public T Result
    {
        get
        {
            GetResult();
            return _result;
        }
    }

    /// <summary>Finishes with <paramref name="result"/> without a <c>Return</c> yield (a primitive's wait run without a frame).</summary>
    private protected void SucceedWith(T result)
    {
        _result = result;
        Succeed();
    }

    internal override CoroutineTask NewTask(EventLoop loop, string? name, bool eagerStart) => new CoroutineTask<T>(loop, this, name, eagerStart);

    /// <summary>Runs the template to its next suspension point.</summary>
    /// <param name="yielded">What the template yielded, possibly <c>Return(value)</c>.</param>
    /// <returns><see langword="false"/> when the template ran to its end.</returns>
    protected abstract bool MoveNext(out Yield<T> yielded);

    /// <inheritdoc/>
    protected sealed override bool MoveNext(out Yield yielded)
    {
        if (!MoveNext(out Yield<T> typed))
        {
            yielded = default;
            return false;
        }

        if (typed.IsReturn)
        {
            _result = typed.Value;
        }

        yielded = typed.Awaited;
        return true;
    }
}
