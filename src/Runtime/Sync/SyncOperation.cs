namespace Coroutines.Sync;

/// <summary>
/// A primitive's waiting operation (asyncio's <c>Lock.acquire</c>, <c>Queue.get</c>, ...) written as a C# iterator
/// and run inline in the waiting task, so its code after the wait runs when the task resumes and its
/// <c>finally</c> blocks run when the task is cancelled at the wait. Named after the public method, so a task's
/// <see cref="CoroutineTask.GetStack"/> reads <c>AsyncLock.Acquire()</c> as asyncio's shows <c>Lock.acquire()</c>.
/// </summary>
internal sealed class SyncOperation : Coroutine
{
    private readonly IEnumerator<Yield> _body;
    private readonly string _name;

    public SyncOperation(string name, IEnumerable<Yield> body)
    {
        _name = name;
        _body = body.GetEnumerator();
    }

    public override string Name => _name;

    protected override bool MoveNext(out Yield yielded)
    {
        if (_body.MoveNext())
        {
            yielded = _body.Current;
            return true;
        }

        yielded = default;
        return false;
    }

    protected override void Dispose() => _body.Dispose();
}

/// <summary>A <see cref="SyncOperation"/> with a result (a queue's item, a barrier's index).</summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class SyncOperation<T> : Coroutine<T>
{
    private readonly IEnumerator<Yield<T>> _body;
    private readonly string _name;

    public SyncOperation(string name, IEnumerable<Yield<T>> body)
    {
        _name = name;
        _body = body.GetEnumerator();
    }

    public override string Name => _name;

    protected override bool MoveNext(out Yield<T> yielded)
    {
        if (_body.MoveNext())
        {
            yielded = _body.Current;
            return true;
        }

        yielded = default;
        return false;
    }

    protected override void Dispose() => _body.Dispose();
}
