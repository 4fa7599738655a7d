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

    public void ReportNow()
    {
        Suppress();
        string what = _future is CoroutineTask ? "Task" : "Future";
        _future.Loop.ReportFromAnyThread($"{what} exception was never retrieved\nfuture: {_future}", _future.ExceptionInfo?.SourceException);
    }

    ~UnobservedExceptionReporter()
    {
        string what = _future is CoroutineTask ? "Task" : "Future";
        _future.Loop.ReportFromAnyThread($"{what} exception was never retrieved\nfuture: {_future}", _future.ExceptionInfo?.SourceException);
    }
}
