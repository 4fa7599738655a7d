namespace Coroutines;

/// <summary>What <see cref="Co.Wait(IEnumerable{Future}, double?, ReturnWhen)"/> completes with: the futures done
/// and those still pending, sorted when first read — after the waiting coroutine resumed, as asyncio computes them.</summary>
public sealed class WaitResult : WaitResult<Future>
{
    internal WaitResult(Future[] futures)
        : base(futures)
    {
    }
}
