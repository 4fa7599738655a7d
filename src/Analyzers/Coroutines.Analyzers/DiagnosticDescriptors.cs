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
}
