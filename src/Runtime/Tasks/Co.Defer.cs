namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// Registers cleanup that may itself suspend, run when the current coroutine ends — normally, by an exception or by
    /// a cancellation — before its caller resumes: the <c>async with</c> guarantee a <c>finally</c> block cannot give, since
    /// C# forbids <c>yield</c> there. <c>yield return Defer(writer.CloseAndWait);</c> Cleanups run one at a time, the last
    /// registered first; a cancellation that ended the coroutine goes on once they are done, and a new
    /// <see cref="CoroutineTask.Cancel"/> during a cleanup interrupts that cleanup (the others still run). A cleanup that
    /// fails replaces the coroutine's outcome with its exception, as a failing <c>finally</c> block does.
    /// </summary>
    /// <param name="cleanup">Makes the cleanup coroutine when it is time to run it.</param>
    public static Yield Defer(Func<Coroutine> cleanup) =>
        new(YieldKind.Defer, cleanup ?? throw new ArgumentNullException(nameof(cleanup)));
}
