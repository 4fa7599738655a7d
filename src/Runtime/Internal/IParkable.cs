namespace Coroutines.Internal;

/// <summary>
/// Something a task parks on without a future: a primitive's wait operation, which wakes the task itself. The task
/// tells it who is waiting and, when the task is cancelled, asks it to stop waiting.
/// </summary>
internal interface IParkable
{
    /// <summary>The task is now parked here; wake it with <see cref="CoroutineTask.WakeFromWait"/>.</summary>
    void Park(CoroutineTask task);

    /// <summary>The parked task is being cancelled: stop waiting, and wake it unless a wake-up is already on its way.</summary>
    void CancelWait();
}
