namespace Coroutines;

/// <summary>
/// Lives only while a failed future's exception has not been retrieved; if it is collected first, the failure
/// is reported ("Task exception was never retrieved"). Allocated only on failure, so success pays nothing
/// (the Task Parallel Library's TaskExceptionHolder does the same).
/// </summary>
internal sealed class UnobservedExceptionReporter
{
    private readonly Future _future;

    public UnobservedExceptionReporter(Future future) => _future = future;

    public bool Suppressed { get; private set; }

    public void Suppress()
    {
        Suppressed = true;
        GC.SuppressFinalize(this);
    }

    /// <summary>Reports on the calling (loop) thread, when the loop closes.</summary>
    public void ReportNow()
    {
        Suppress();
        _future.Loop.CallExceptionHandler(new LoopExceptionContext(Message(), _future.ExceptionInfo?.SourceException, _future));
    }

    private string Message() => $"{(_future is CoroutineTask ? "Task" : "Future")} exception was never retrieved\nfuture: {_future}";

    ~UnobservedExceptionReporter() => _future.Loop.ReportFromAnyThread(Message(), _future.ExceptionInfo?.SourceException);
}
