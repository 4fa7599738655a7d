namespace Coroutines;

/// <summary>What <see cref="Co.Wait(IEnumerable{Future}, double?, ReturnWhen)"/> completes with: the futures done
/// and those still pending, sorted when first read — after the waiting coroutine resumed, as asyncio computes them.</summary>
public sealed class WaitResult
{
    private readonly Future[] _futures;
    private IReadOnlyList<Future>? _done;
    private IReadOnlyList<Future>? _pending;

    internal WaitResult(Future[] futures) => _futures = futures;

    /// <summary>The futures that are done, in the order they were given.</summary>
    public IReadOnlyList<Future> Done
    {
        get
        {
            Split();
            return _done!;
        }
    }

    /// <summary>The futures still pending, in the order they were given.</summary>
    public IReadOnlyList<Future> Pending
    {
        get
        {
            Split();
            return _pending!;
        }
    }

    /// <summary>Deconstructs into (done, pending), as asyncio's <c>done, pending = await asyncio.wait(...)</c>.</summary>
    public void Deconstruct(out IReadOnlyList<Future> done, out IReadOnlyList<Future> pending)
    {
        done = Done;
        pending = Pending;
    }

    private void Split()
    {
        if (_done is null)
        {
            _done = _futures.Where(f => f.Done).ToArray();
            _pending = _futures.Where(f => !f.Done).ToArray();
        }
    }
}
