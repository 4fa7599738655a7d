using System.Threading.Tasks;

namespace Coroutines;

public static partial class Co
{
    /// <summary>Yieldable for a <see cref="ValueTask"/>: resumes on the loop thread when it completes.</summary>
    public static Yield Await(ValueTask task) => task.AsTask();

    /// <summary>Bridges a <see cref="ValueTask{TResult}"/> into a loop future: yield it, then read <c>Result</c>.</summary>
    public static Future<T> Await<T>(ValueTask<T> task) => Await(task.AsTask());

    /// <summary>Yieldable for a <see cref="Task"/>.</summary>
    public static Yield Await(Task task) => task;

    /// <summary>Bridges a <see cref="Task{TResult}"/> into a future of the running loop: its completion (on any thread)
    /// is marshalled onto the loop thread. Cancelling the future stops waiting; the task itself runs on.</summary>
    public static Future<T> Await<T>(Task<T> task) => GetRunningLoop().WrapTask(task);
}
