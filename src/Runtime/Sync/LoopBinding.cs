namespace Coroutines.Sync;

/// <summary>
/// asyncio's <c>_LoopBoundMixin</c>: a primitive binds to the running loop the first time a task waits on it
/// (asyncio: creates a waiter future) and refuses to be used from another loop afterwards. Uncontended use never
/// binds.
/// </summary>
internal struct LoopBinding
{
    private EventLoop? _loop;

    /// <param name="owner">The primitive, named in the error.</param>
    /// <param name="running">The running loop: a waiting task's own loop (a task only runs on its loop's thread), read
    /// without the thread-static lookup that was ~3% of a queue message (pingpong profile).</param>
    public void Bind(object owner, EventLoop running)
    {
        // The check that passes on every wait after the first stays small enough to inline.
        if (!ReferenceEquals(_loop, running))
        {
            BindFirstOrThrow(owner, running);
        }
    }

    private void BindFirstOrThrow(object owner, EventLoop running)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException($"{owner} is bound to a different event loop.");
        }

        _loop = running;
    }
}
