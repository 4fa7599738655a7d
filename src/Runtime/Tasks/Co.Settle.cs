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
}
