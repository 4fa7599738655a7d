namespace Coroutines.Sync;

/// <summary>
/// asyncio's <c>_LoopBoundMixin</c>: a primitive binds to the running loop the first time a task waits on it
/// (asyncio: creates a waiter future) and refuses to be used from another loop afterwards. Uncontended use never
/// binds.
/// </summary>
internal struct LoopBinding
{
    private EventLoop? _loop;

    public EventLoop Get(object owner)
    {
        EventLoop running = Co.GetRunningLoop();
        if (_loop is null)
        {
            _loop = running;
        }
        else if (!ReferenceEquals(_loop, running))
        {
            throw new InvalidOperationException($"{owner} is bound to a different event loop.");
        }

        return running;
    }
}
