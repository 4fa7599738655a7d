using Microsoft.CodeAnalysis;

namespace Coroutines.Analyzers;

/// <summary>Every CORO0xx descriptor, in one place (ids, titles, messages, help links).</summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "Coroutines";

    private const string HelpBase = "https://github.com/coroutines-generators/coroutines-generators/blob/main/docs/diagnostics/";

    internal static string HelpLink(string id) => HelpBase + id + ".md";

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
}
