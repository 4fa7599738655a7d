using System.Threading.Tasks;

namespace Coroutines;

public static partial class Co
{
    /// <summary>Runs blocking <paramref name="work"/> off the loop (thread pool, or <paramref name="scheduler"/>); yield the
    /// future, then read <c>Result</c> — it was set on the loop thread.</summary>
    public static Future<T> RunInExecutor<T>(Func<T> work, TaskScheduler? scheduler = null) =>
        GetRunningLoop().RunInExecutor(work, scheduler);

    /// <summary>Runs blocking <paramref name="work"/> off the loop; yield the returned future to wait for it.</summary>
    public static Future RunInExecutor(Action work, TaskScheduler? scheduler = null) =>
        GetRunningLoop().RunInExecutor(work, scheduler);

    /// <summary>asyncio.to_thread: runs <paramref name="work"/> on the thread pool.</summary>
    public static Future<T> ToThread<T>(Func<T> work) => RunInExecutor(work);

    /// <summary>asyncio.to_thread for work without a result.</summary>
    public static Future ToThread(Action work) => RunInExecutor(work);
}
