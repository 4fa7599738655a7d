namespace Coroutines.Internal;

/// <summary>A user's done callback bound to its future, made once at registration so that dispatching it is a plain
/// <see cref="IRunnable"/> in the ready queue.</summary>
internal sealed class DoneCallback : IRunnable
{
    public DoneCallback(Action<Future> callback, Future future)
    {
        Callback = callback;
        Future = future;
    }

    public Action<Future> Callback { get; }

    public Future Future { get; }

    public void Run() => Callback(Future);

    public override string ToString() => Callback.Method.Name;
}
