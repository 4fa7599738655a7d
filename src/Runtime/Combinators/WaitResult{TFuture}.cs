namespace Coroutines;

/// <summary>
/// What <see cref="Co.Wait{TFuture}(IEnumerable{TFuture}, double?, ReturnWhen)"/> completes with: the futures done and
/// those still pending, of the type they were given as, sorted when first read (after the waiting coroutine resumed, as
/// asyncio computes them).
/// </summary>
/// <typeparam name="TFuture">The futures' type (<c>CoroutineTask&lt;Page&gt;</c>, say).</typeparam>
public class WaitResult<TFuture>
    where TFuture : Future
{
    private readonly TFuture[] _futures;
    private IReadOnlyList<TFuture>? _done;
    private IReadOnlyList<TFuture>? _pending;

    // Internal: only the runtime makes these (the non-generic WaitResult is this over Future).
    internal WaitResult(TFuture[] futures) => _futures = futures;

    /// <summary>The futures that are done, in the order they were given.</summary>
    public IReadOnlyList<TFuture> Done
    {
        get
        {
            Split();
            return _done!;
        }
    }

    /// <summary>The futures still pending, in the order they were given.</summary>
    public IReadOnlyList<TFuture> Pending
    {
        get
        {
            Split();
            return _pending!;
        }
    }

    /// <summary>Deconstructs into (done, pending), as asyncio's <c>done, pending = await asyncio.wait(...)</c>.</summary>
    public void Deconstruct(out IReadOnlyList<TFuture> done, out IReadOnlyList<TFuture> pending)
    {
        done = Done;
        pending = Pending;
    }

    private void Split()
    {
        if (_done is null)
        {
            _done = _futures.Where(static f => f.Done).ToArray();
            _pending = _futures.Where(static f => !f.Done).ToArray();
        }
    }
}
