using System.Threading.Tasks;

namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// <see cref="Run(Coroutine, bool)"/> from <c>async</c> code: a new loop on a thread of its own runs
    /// <paramref name="coroutine"/> to completion (then cancels what it left running and closes), and the returned
    /// <see cref="Task"/> completes with its outcome — asyncio's <c>asyncio.run</c> in a worker thread. The caller's
    /// thread is never blocked, and its continuation runs where the awaiting code's context says, never on the loop.
    /// </summary>
    public static Task RunAsync(Coroutine coroutine, bool debug = false) =>
        RunOnLoopThread(coroutine ?? throw new ArgumentNullException(nameof(coroutine)), debug, static (c, debug) =>
        {
            Run(c, debug);
            return default(VoidResult);
        });

    /// <summary><see cref="Run{T}(Coroutine{T}, bool)"/> from <c>async</c> code; the task completes with the result.</summary>
    public static Task<T> RunAsync<T>(Coroutine<T> coroutine, bool debug = false) =>
        RunOnLoopThread(coroutine ?? throw new ArgumentNullException(nameof(coroutine)), debug, static (c, debug) => Run(c, debug));

    private static Task<T> RunOnLoopThread<TCoroutine, T>(TCoroutine coroutine, bool debug, Func<TCoroutine, bool, T> run)
        where TCoroutine : Coroutine
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(run(coroutine, debug));
            }
            catch (CancelledException)
            {
                // A cancelled coroutine is a cancelled Task to async code: await throws TaskCanceledException.
                completion.SetCanceled();
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"Coroutines loop ({coroutine.Name})",
        };
        thread.Start();
        return completion.Task;
    }
}
