namespace Coroutines.Internal;

/// <summary>Something the loop can run from its ready queue without a delegate: tasks, handles, timers.</summary>
internal interface IRunnable
{
    void Run();
}
