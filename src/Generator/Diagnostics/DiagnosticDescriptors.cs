using Microsoft.CodeAnalysis;

namespace Coroutines.Generator.Diagnostics;

/// <summary>The generator's diagnostics (CORO1xx). Each id has a page at <c>docs/diagnostics/{id}.md</c>.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Coroutines";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    // The package's repository URL, stamped into this assembly by the build, so the generator's and the analyzers'
    // links share one base.
    private static readonly string s_helpBase = typeof(DiagnosticDescriptors).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryUrl").Value + "/blob/main/docs/diagnostics/";

    private static string HelpLink(string id) => s_helpBase + id + ".md";

    /// <summary>CORO100: "The coroutine generator failed on '{0}': {1}".</summary>
    public static readonly DiagnosticDescriptor InternalError = Error(
        "CORO100", "The coroutine generator failed", "The coroutine generator failed on '{0}': {1}");

    /// <summary>CORO101: "Coroutine template '{0}' must be declared in a partial type; make '{1}' partial".</summary>
    public static readonly DiagnosticDescriptor NotInPartialType = Error(
        "CORO101", "Coroutine template must be in a partial type", "Coroutine template '{0}' must be declared in a partial type; make '{1}' partial");

    /// <summary>CORO102: "Coroutine template '{0}' must be an iterator returning IEnumerable&lt;Yield&gt;, IEnumerable&lt;Yield&lt;T&gt;&gt; or the IEnumerator forms".</summary>
    public static readonly DiagnosticDescriptor NotAnIterator = Error(
        "CORO102", "Coroutine template must be an iterator of Yield", "Coroutine template '{0}' must be an iterator returning IEnumerable<Yield>, IEnumerable<Yield<T>> or the IEnumerator forms");

    /// <summary>CORO103: "Coroutine template parameter '{0}' cannot be ref, out or in".</summary>
    public static readonly DiagnosticDescriptor RefParameter = Error(
        "CORO103", "Coroutine template parameters cannot be by reference", "Coroutine template parameter '{0}' cannot be ref, out or in");

    /// <summary>CORO104: "Local '{0}' is a ref local or of a ref struct type and cannot live across a suspension point".</summary>
    public static readonly DiagnosticDescriptor RefLocalAcrossSuspension = Error(
        "CORO104", "Ref locals and ref struct locals cannot live across a suspension point", "Local '{0}' is a ref local or of a ref struct type and cannot live across a suspension point");

    /// <summary>CORO105: "Coroutine templates cannot contain unsafe code".</summary>
    public static readonly DiagnosticDescriptor UnsafeCode = Error(
        "CORO105", "Coroutine templates cannot contain unsafe code", "Coroutine templates cannot contain unsafe code");

    /// <summary>CORO106: "Local function '{0}' cannot be a coroutine template; make it a method of a partial type".</summary>
    public static readonly DiagnosticDescriptor LocalFunctionTemplate = Error(
        "CORO106", "Local functions cannot be coroutine templates", "Local function '{0}' cannot be a coroutine template; make it a method of a partial type");

    /// <summary>CORO107: "Coroutine template '{0}' returns Yield&lt;{1}&gt; but can complete without 'yield return Return(value)'".</summary>
    public static readonly DiagnosticDescriptor MissingReturn = Error(
        "CORO107", "A coroutine with a result must end with Return", "Coroutine template '{0}' returns Yield<{1}> but can complete without 'yield return Return(value)'");

    /// <summary>CORO108: "Code after 'yield return Return(...)' never runs".</summary>
    public static readonly DiagnosticDescriptor CodeAfterReturn = Warning(
        "CORO108", "Code after Return never runs", "Code after 'yield return Return(...)' never runs");

    /// <summary>CORO109: "A lock cannot span a suspension point".</summary>
    public static readonly DiagnosticDescriptor LockAcrossSuspension = Error(
        "CORO109", "A lock cannot span a suspension point", "A lock cannot span a suspension point: the loop runs other coroutines on this thread while it is held");

    /// <summary>CORO110: "{0} cannot be generated; see the diagnostic's page for why and what to do instead".</summary>
    public static readonly DiagnosticDescriptor NotSupportedYet = Error(
        "CORO110", "Template cannot be generated", "{0} cannot be generated; see the diagnostic's page for why and what to do instead");

    /// <summary>CORO111: "Name '{0}' is reserved for generated code; names starting with two underscores cannot be declared in a coroutine template".</summary>
    public static readonly DiagnosticDescriptor ReservedName = Error(
        "CORO111", "Reserved name", "Name '{0}' is reserved for generated code; names starting with two underscores cannot be declared in a coroutine template");

    /// <summary>CORO112: "C# never allows 'yield return' in a try block that has a catch clause (CS1626): ...".</summary>
    public static readonly DiagnosticDescriptor YieldInTryWithCatch = Warning(
        "CORO112", "Handle a failure with Settle, not try/catch around the suspension",
        "C# never allows 'yield return' in a try block that has a catch clause (CS1626): wait with 'yield return Settle(x);' outside the try, then read 'x.Result' inside 'try { ... } catch { ... }', which rethrows what x failed with");

    /// <summary>CORO113: "To complete coroutine '{0}' with this value, write 'yield return Return({1});'".</summary>
    public static readonly DiagnosticDescriptor ValueWhereReturnMeant = Warning(
        "CORO113", "A result is returned with Return(value)",
        "A coroutine yields what it waits for; to complete '{0}' with this value, write 'yield return Return({1});'");

    /// <summary>CORO114: "The sibling of coroutine template '{0}' would be named '{1}', but the type already has {2}; ...".</summary>
    public static readonly DiagnosticDescriptor SiblingNameTaken = Error(
        "CORO114", "The sibling's name is taken",
        "The sibling of coroutine template '{0}' would be named '{1}', but the type already has {2}; rename one of them or choose the sibling's name with [Coroutine(Name = \"...\")]");

    /// <summary>CORO115: "An async generator hands items to its puller with Emit; to emit this value from '{0}', write 'yield return Emit({1});'".</summary>
    public static readonly DiagnosticDescriptor ValueWhereEmitMeant = Warning(
        "CORO115", "An async generator emits items with Emit(item)",
        "An async generator yields what it waits for and hands items to its puller with Emit; to emit this value from '{0}', write 'yield return Emit({1});'");
}
