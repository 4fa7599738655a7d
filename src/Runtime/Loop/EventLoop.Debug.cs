using System.Diagnostics;
using Coroutines.Internal;

namespace Coroutines;

public sealed partial class EventLoop
{
    private bool _debug;
    private readonly object _handlerLock = new();
    private Action<EventLoop, LoopExceptionContext>? _exceptionHandler;
    private List<WeakReference<UnobservedExceptionReporter>>? _unobserved;
    private readonly Queue<LoopExceptionContext> _pendingReports = new();

    /// <summary>
    /// Debug mode: loop-bound calls from another thread throw, callbacks slower than
    /// <see cref="SlowCallbackDuration"/> are reported, and coroutines collected without running are reported.
    /// </summary>
    public bool Debug
    {
        get => _debug;
        set
        {
            _debug = value;
            if (value)
            {
                AnyDebug = true;
            }
        }
    }

    /// <summary>Some loop in this process was put in debug mode (sticky): gates debug-only work on hot paths that
    /// would otherwise need the running loop from thread-local storage.</summary>
    internal static bool AnyDebug { get; private set; }

    /// <summary>In debug mode, a callback or task step that runs longer than this is reported. Default 0.1 s.</summary>
    public TimeSpan SlowCallbackDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Sets the handler for errors the loop cannot hand to anyone: exceptions in callbacks, failures no one
    /// retrieved, tasks destroyed while pending. <see langword="null"/> restores the default, which writes to stderr.
    /// </summary>
    public void SetExceptionHandler(Action<EventLoop, LoopExceptionContext>? handler) => _exceptionHandler = handler;

    /// <summary>Sends <paramref name="context"/> to the exception handler; a failing handler is itself logged to stderr.</summary>
    public void CallExceptionHandler(LoopExceptionContext context)
    {
        lock (_handlerLock)
        {
            Action<EventLoop, LoopExceptionContext>? handler = _exceptionHandler;
            if (handler is null)
            {
                Console.Error.WriteLine(context.ToString());
                return;
            }

            try
            {
                handler(this, context);
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"Unhandled error in exception handler\ncontext: {context}\n{ex}");
            }
        }
    }

    /// <summary>
    /// Reports from a finalizer or another thread. While the loop is open the report waits in a queue the loop
    /// flushes every iteration and when it closes, so the handler runs on the loop's thread; once closed, the
    /// handler is called directly.
    /// </summary>
    internal void ReportFromAnyThread(string message, Exception? exception)
    {
        var context = new LoopExceptionContext(message, exception, null);
        lock (_inboxLock)
        {
            if (!IsClosed)
            {
                _pendingReports.Enqueue(context);
                _hasPosts = true;
                _inboxSignal.Set();
                return;
            }
        }

        CallExceptionHandler(context);
    }

    private void FlushReports()
    {
        while (true)
        {
            LoopExceptionContext? context;
            lock (_inboxLock)
            {
                if (!_pendingReports.TryDequeue(out context))
                {
                    _hasPosts = _inbox.Count > 0;
                    return;
                }
            }

            CallExceptionHandler(context);
        }
    }

    internal void TrackUnobserved(UnobservedExceptionReporter reporter)
    {
        if (Simulation is { } simulation)
        {
            // A finalizer runs when the GC pleases, outside the seed: a simulation holds the reporter and reports at
            // the end of the run instead.
            simulation.Unobserved.Add(reporter);
            return;
        }

        _unobserved ??= new List<WeakReference<UnobservedExceptionReporter>>();
        if (_unobserved.Count >= 64 && _unobserved.Count % 64 == 0)
        {
            _unobserved.RemoveAll(static w => !w.TryGetTarget(out _));
        }

        _unobserved.Add(new WeakReference<UnobservedExceptionReporter>(reporter));
    }

    private void ReportUnobservedOnClose()
    {
        if (_unobserved is null)
        {
            return;
        }

        foreach (WeakReference<UnobservedExceptionReporter> weak in _unobserved)
        {
            if (weak.TryGetTarget(out UnobservedExceptionReporter? reporter) && !reporter.Suppressed)
            {
                reporter.ReportNow();
            }
        }

        _unobserved = null;
    }

    private void ReportIfSlow(IRunnable item, long started)
    {
        // Wall time on purpose: a virtual clock does not move while a callback runs.
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > SlowCallbackDuration)
        {
            CoroutineTelemetry.SlowCallbacks.Add(1);
            CallExceptionHandler(new LoopExceptionContext(
                FormattableString.Invariant($"Executing {Describe(item)} took {elapsed.TotalSeconds:0.000} seconds"), null, (item as DoneCallback)?.Future));
        }
    }
}
