using System.Threading.Tasks;

namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// Waits for <paramref name="future"/> without rethrowing its failure: the template can then inspect it in a
    /// <c>try/catch</c> around <c>Result</c> (a <c>yield return</c> cannot sit inside one, CS1626).
    /// A cancellation of the waiting task itself still unwinds it.
    /// </summary>
    public static Yield Settle(Future future) => ((Yield)future).AsSettled();

    /// <summary>Runs <paramref name="coroutine"/> inline; its failure stays in it (read <c>Result</c> or <c>Exception</c>).</summary>
    public static Yield Settle(Coroutine coroutine) => ((Yield)coroutine).AsSettled();

    /// <summary>Waits for <paramref name="task"/> without rethrowing its failure.</summary>
    public static Yield Settle(Task task) => ((Yield)task).AsSettled();

    /// <summary>
    /// Runs a primitive's wait (<c>q.Put(x)</c>, <c>lk.Acquire()</c>, <c>evt.Wait()</c>, <c>barrier.Wait()</c>…) so that its
    /// failure stays in it: <c>var put = Settle(q.Put(1)); yield return put; if (put.Exception is QueueShutDownException) …</c>
    /// (asyncio's <c>try: await q.put(1) except QueueShutDown:</c>). A wait is not an object to inspect (a contended one is
    /// recycled once done), so this makes one: the only allocation on this path, which a plain <c>yield return q.Put(1)</c>
    /// keeps free. A cancellation of the waiting task itself still unwinds it.
    /// </summary>
    /// <param name="wait">The wait, created just before.</param>
    public static SettledWait Settle(Yield wait) => new(wait);
}
