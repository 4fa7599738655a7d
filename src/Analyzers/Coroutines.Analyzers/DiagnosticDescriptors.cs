using Microsoft.CodeAnalysis;

namespace Coroutines.Analyzers;

/// <summary>Every CORO0xx descriptor, in one place (ids, titles, messages, help links).</summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "Coroutines";

    // The package's repository URL, stamped into this assembly by the build, so the analyzers' and the generator's
    // links share one base.
    private static readonly string s_helpBase = typeof(DiagnosticDescriptors).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryUrl").Value + "/blob/main/docs/diagnostics/";

    internal static string HelpLink(string id) => s_helpBase + id + ".md";

    /// <summary>CORO001: "'{0}' blocks the event loop; use 'yield return Sleep(...)'".</summary>
    public static readonly DiagnosticDescriptor BlockingSleep = new(
        "CORO001",
        "Blocking sleep inside a coroutine",
        "'{0}' blocks the event loop; use 'yield return Sleep(...)'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Thread.Sleep, Thread.SpinWait and SpinWait.SpinUntil stop the single loop thread, so every other coroutine stops too.",
        helpLinkUri: HelpLink("CORO001"));

    /// <summary>CORO002: "'{0}' waits synchronously and blocks the event loop; yield the task first".</summary>
    public static readonly DiagnosticDescriptor SyncWait = new(
        "CORO002",
        "Synchronous wait on a task inside a coroutine",
        "'{0}' waits synchronously and blocks the event loop; yield the task first",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Task.Wait, Task.WaitAll/WaitAny, Result and GetAwaiter().GetResult() block the loop thread until the task completes; 'yield return task;' suspends only this coroutine.",
        helpLinkUri: HelpLink("CORO002"));

    /// <summary>CORO004: "'{0}' blocks the event loop; yield the awaitable '{1}' instead".</summary>
    public static readonly DiagnosticDescriptor AsyncSibling = new(
        "CORO004",
        "Synchronous I/O with an awaitable alternative inside a coroutine",
        "'{0}' blocks the event loop; yield the awaitable '{1}' instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The called method has an awaitable sibling (Task or ValueTask returning, same parameters plus optional ones or a CancellationToken); yielding it suspends only this coroutine.",
        helpLinkUri: HelpLink("CORO004"));

    /// <summary>CORO005: "'{0}' blocks the event loop and has no awaitable alternative; run it with 'RunInExecutor'".</summary>
    public static readonly DiagnosticDescriptor BlockingWithoutSibling = new(
        "CORO005",
        "Blocking call with no awaitable alternative inside a coroutine",
        "'{0}' blocks the event loop and has no awaitable alternative; run it with 'RunInExecutor'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "File-system mutations, process start, Parallel loops and similar calls block the loop thread; 'yield return RunInExecutor(() => ...)' runs them on the thread pool.",
        helpLinkUri: HelpLink("CORO005"));

    /// <summary>CORO005 (second message): "'{0}' blocks the event loop; yield '{1}' instead (CoroutineBlockingApis replacement)".</summary>
    public static readonly DiagnosticDescriptor BlockingWithReplacement = new(
        "CORO005",
        "Blocking call with a listed awaitable replacement inside a coroutine",
        "'{0}' blocks the event loop; yield '{1}' instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The method is listed in CoroutineBlockingApis*.txt with an 'async:M:…' replacement; yielding that awaitable suspends only this coroutine.",
        helpLinkUri: HelpLink("CORO005"));

    /// <summary>CORO006: "'{0}' waits for console input and blocks the event loop; read it with 'RunInExecutor'".</summary>
    public static readonly DiagnosticDescriptor ConsoleInput = new(
        "CORO006",
        "Console input inside a coroutine",
        "'{0}' waits for console input and blocks the event loop; read it with 'RunInExecutor'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Console reads block until the user types; Console.In.ReadLineAsync and ReadToEndAsync run synchronously too, so they are no way out.",
        helpLinkUri: HelpLink("CORO006"));

    /// <summary>CORO020: "Coroutine '{0}' is created but never run; yield it or pass it to 'CreateTask'".</summary>
    public static readonly DiagnosticDescriptor CoroutineNotRun = new(
        "CORO020",
        "Coroutine created but never run",
        "Coroutine '{0}' is created but never run; yield it or pass it to 'CreateTask'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A coroutine object does nothing until it is yielded or scheduled with CreateTask; a dropped, discarded or unused one never runs at all.",
        helpLinkUri: HelpLink("CORO020"));

    /// <summary>CORO021: "The task returned by '{0}' is not observed; yield it".</summary>
    public static readonly DiagnosticDescriptor TaskNotObserved = new(
        "CORO021",
        "Task not observed inside a coroutine",
        "The task returned by '{0}' is not observed; yield it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Inside an iterator CS4014 does not fire: a dropped Task runs unobserved, its exception is lost and the coroutine does not wait for it.",
        helpLinkUri: HelpLink("CORO021"));

    /// <summary>CORO021 (second message, CA2012 idea): "ValueTask '{0}' is consumed more than once; …".</summary>
    public static readonly DiagnosticDescriptor ValueTaskConsumedTwice = new(
        "CORO021",
        "ValueTask consumed more than once inside a coroutine",
        "ValueTask '{0}' is consumed more than once; await, read or convert a ValueTask only once (keep the Task from one AsTask() or the future from one Await())",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A ValueTask may be backed by a pooled IValueTaskSource that is reused once it has been consumed: awaiting, reading Result or calling AsTask()/GetAwaiter()/Preserve() a second time can observe another operation's result or throw.",
        helpLinkUri: HelpLink("CORO021"));

    /// <summary>CORO022: "'{0}' is a coroutine template; enumerating it runs it synchronously and ignores what it yields".</summary>
    public static readonly DiagnosticDescriptor TemplateRunSynchronously = new(
        "CORO022",
        "Coroutine template run synchronously",
        "'{0}' is a coroutine template; enumerating it runs it synchronously and ignores what it yields",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "foreach or LINQ over a [Coroutine] template's iterator drives it without the loop: sleeps return at once, awaited tasks are not waited for.",
        helpLinkUri: HelpLink("CORO022"));

    /// <summary>CORO025: "'{0}' is held across this 'yield return'; other coroutines on the loop thread would re-enter it or deadlock".</summary>
    public static readonly DiagnosticDescriptor LockHeldAcrossYield = new(
        "CORO025",
        "Lock held across a yield",
        "'{0}' is held across this 'yield return'; other coroutines on the loop thread would re-enter it or deadlock",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Thread-affine locks (lock, Monitor, ReaderWriterLockSlim, SpinLock, Mutex) are re-entrant per thread, so other coroutines get no mutual exclusion, and a resumption on another thread cannot release them; a SemaphoreSlim taken with the blocking Wait() deadlocks the loop when a second coroutine waits for it.",
        helpLinkUri: HelpLink("CORO025"));

    /// <summary>CORO026: "This loop never suspends; add a 'yield return' so other coroutines can run".</summary>
    public static readonly DiagnosticDescriptor LoopWithoutSuspension = new(
        "CORO026",
        "Infinite loop without a suspension point",
        "This loop never suspends; add a 'yield return' so other coroutines can run",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A while(true)/for(;;)/do-while(true) loop in a coroutine that has no 'yield return' and no way out holds the loop thread forever.",
        helpLinkUri: HelpLink("CORO026"));

    /// <summary>CORO007: "'{0}' blocks the event loop; use a loop primitive or run it with 'RunInExecutor'".</summary>
    public static readonly DiagnosticDescriptor BlockingPrimitive = new(
        "CORO007",
        "Blocking synchronization primitive inside a coroutine",
        "'{0}' blocks the event loop; use a loop primitive or run it with 'RunInExecutor'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Waiting on a WaitHandle, ManualResetEventSlim, CountdownEvent, Barrier, Monitor, ReaderWriterLockSlim, SpinLock, BlockingCollection or Thread.Join holds the loop thread; zero timeouts are non-blocking tries and are not reported.",
        helpLinkUri: HelpLink("CORO007"));

    /// <summary>CORO003: "'{0}' runs an event loop inside a coroutine, whose loop is already running on this thread; yield the work instead".</summary>
    public static readonly DiagnosticDescriptor NestedLoopRun = new(
        "CORO003",
        "Event loop run inside a coroutine",
        "'{0}' runs an event loop inside a coroutine, whose loop is already running on this thread; yield the work instead",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Co.Run, EventLoop.RunUntilComplete and RunForever called from a coroutine either fail (the loop is already running) or block the outer loop until the inner work ends.",
        helpLinkUri: HelpLink("CORO003"));

    /// <summary>CORO090: "Invalid entry '{0}' in a coroutine API list: {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidApiListEntry = new(
        "CORO090",
        "Invalid entry in a coroutine API list",
        "Invalid entry '{0}' in a coroutine API list: {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Each line of CoroutineBlockingApis*.txt is 'DocumentationCommentId[;message][;replacement]' naming a method ('M:Ns.Type.Method(System.Int32)', or 'M:Ns.Type.Method(*)' for every overload); the replacement is 'executor' or 'async:M:…' naming one Task/ValueTask-returning method.",
        helpLinkUri: HelpLink("CORO090"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>CORO091: "'{0}' is listed more than once in the coroutine API lists".</summary>
    public static readonly DiagnosticDescriptor DuplicateApiListEntry = new(
        "CORO091",
        "Duplicate entry in a coroutine API list",
        "'{0}' is listed more than once in the coroutine API lists",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The same id appears twice across CoroutineBlockingApis*.txt; the additional location points to the first entry.",
        helpLinkUri: HelpLink("CORO091"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>CORO028: "'{0}' sleeps for zero time; use 'yield return default;' to give way".</summary>
    public static readonly DiagnosticDescriptor ZeroSleep = new(
        "CORO028",
        "Zero-length sleep",
        "'{0}' sleeps for zero time; use 'yield return default;' to give way",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Sleep(0) and Sleep(TimeSpan.Zero) are a plain reschedule; 'yield return default;' says so directly and skips the timer.",
        helpLinkUri: HelpLink("CORO028"));

    /// <summary>CORO029: "'{0}' must run on the event loop thread, but this delegate runs on the executor".</summary>
    public static readonly DiagnosticDescriptor LoopApiOffLoop = new(
        "CORO029",
        "Loop-affine API used off the loop",
        "'{0}' must run on the event loop thread, but this delegate runs on the executor",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The loop, its futures and tasks are not thread-safe; a RunInExecutor/ToThread delegate runs on the thread pool, where GetRunningLoop fails and loop calls race. Use CallSoonThreadsafe or return a value instead.",
        helpLinkUri: HelpLink("CORO029"));

    /// <summary>CORO027: "This loop polls with a sleep; wait on an event or future instead".</summary>
    public static readonly DiagnosticDescriptor BusyWait = new(
        "CORO027",
        "Busy-wait polling",
        "This loop polls with a sleep; wait on an event or future instead",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A loop whose body only sleeps until a condition changes wakes up for nothing and reacts late; yield a future, event or task that completes when the condition does.",
        helpLinkUri: HelpLink("CORO027"));

    /// <summary>CORO030: "'{0}' can take the cancellation token '{1}' but is called without it".</summary>
    public static readonly DiagnosticDescriptor TokenNotForwarded = new(
        "CORO030",
        "Cancellation token not forwarded",
        "'{0}' can take the cancellation token '{1}' but is called without it",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The template has a CancellationToken parameter; an awaitable call that accepts a token (optional parameter or overload) should get it, so cancelling the caller stops the operation (CA2016 for coroutines).",
        helpLinkUri: HelpLink("CORO030"));

    /// <summary>CORO008: "'{0}' blocks the event loop inside a callback that runs on it".</summary>
    public static readonly DiagnosticDescriptor BlockingInLoopCallback = new(
        "CORO008",
        "Blocking call in a callback that runs on the loop",
        "'{0}' blocks the event loop inside a callback that runs on it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Delegates passed to CallSoon, CallSoonThreadsafe, CallLater, CallAt and AddDoneCallback run on the loop thread; a sleep, synchronous task wait, console read or known blocking call there stalls every coroutine.",
        helpLinkUri: HelpLink("CORO008"));

    /// <summary>CORO010: "'{0}' queries the file system synchronously; run it with 'RunInExecutor'" (opt-in).</summary>
    public static readonly DiagnosticDescriptor FileSystemMetadata = new(
        "CORO010",
        "File-system metadata call inside a coroutine",
        "'{0}' queries the file system synchronously; run it with 'RunInExecutor'",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: false,
        description: "File.Exists, Directory.Exists, FileInfo.Length and directory enumeration are usually fast, but stat and readdir can block for long on network file systems. Opt-in.",
        helpLinkUri: HelpLink("CORO010"));

    /// <summary>CORO011: "'{0}' writes to the console synchronously; a full pipe blocks the event loop" (opt-in).</summary>
    public static readonly DiagnosticDescriptor ConsoleOutput = new(
        "CORO011",
        "Console output inside a coroutine",
        "'{0}' writes to the console synchronously; a full pipe blocks the event loop",
        Category,
        DiagnosticSeverity.Hidden,
        isEnabledByDefault: false,
        description: "Console writes block when the reader of stdout/stderr is slow or stopped. Opt-in: most programs accept this.",
        helpLinkUri: HelpLink("CORO011"));

    /// <summary>CORO009: "'{0}' blocks the event loop: it calls '{1}'" (opt-in).</summary>
    public static readonly DiagnosticDescriptor TransitiveBlocking = new(
        "CORO009",
        "Helper method blocks transitively",
        "'{0}' blocks the event loop: it calls '{1}'",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: false,
        description: "A coroutine calls a synchronous method of this compilation that (directly or through other methods of this compilation) sleeps, waits on a task, reads the console or calls a known blocking API. Opt-in; needs full-solution analysis in the IDE.",
        helpLinkUri: HelpLink("CORO009"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);
}
