using Coroutines.Internal;

namespace Coroutines;

/// <summary>A callback scheduled with <see cref="EventLoop.CallSoon(Action)"/>; <see cref="Cancel"/> stops it from running.</summary>
public class Handle : IRunnable
{
    private Action? _callback;

    internal Handle(Action callback) => _callback = callback;

    /// <summary><see langword="true"/> once cancelled.</summary>
    public bool Cancelled => _callback is null;

    /// <summary>Prevents the callback from running, if it has not run yet.</summary>
    public virtual void Cancel() => _callback = null;

    /// <inheritdoc/>
    public override string ToString() => _callback is null ? "<Handle cancelled>" : $"<Handle {_callback.Method.Name}>";

    void IRunnable.Run() => _callback?.Invoke();
}
