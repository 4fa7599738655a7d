using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO007: blocking waits on synchronization primitives inside a <c>[Coroutine]</c> template (ANALYZERS.md (c),
/// "Synchronization primitives"). <c>SemaphoreSlim.Wait</c> is left to CORO004 (it has <c>WaitAsync</c>). A first
/// argument that is a constant <c>0</c> or <c>TimeSpan.Zero</c> is a non-blocking try and is not reported. Property
/// <see cref="OffLoopSafeProperty"/> says whether the wait can move to the thread pool (not for thread-affine locks).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingPrimitiveAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when running the wait on the executor keeps the program correct.</summary>
    public const string OffLoopSafeProperty = "OffLoopSafe";

    // Type → (blocking methods, safe to run on another thread). Thread-affine locks (Monitor, ReaderWriterLockSlim,
    // SpinLock, Mutex) must be released on the thread that took them, so they are never moved off the loop.
    private static readonly ImmutableDictionary<string, (ImmutableHashSet<string> Methods, bool OffLoopSafe)> s_table =
        new Dictionary<string, (ImmutableHashSet<string>, bool)>
        {
            ["System.Threading.WaitHandle"] = (Set("WaitOne", "WaitAll", "WaitAny", "SignalAndWait"), true),
            ["System.Threading.ManualResetEventSlim"] = (Set("Wait"), true),
            ["System.Threading.CountdownEvent"] = (Set("Wait"), true),
            ["System.Threading.Barrier"] = (Set("SignalAndWait"), false),
            ["System.Threading.Monitor"] = (Set("Wait", "TryEnter"), false),
            ["System.Threading.ReaderWriterLockSlim"] = (Set("EnterReadLock", "EnterWriteLock", "EnterUpgradeableReadLock"), false),
            ["System.Threading.SpinLock"] = (Set("Enter"), false),
            ["System.Threading.Thread"] = (Set("Join"), true),
            ["System.Collections.Concurrent.BlockingCollection`1"] = (Set("Take", "Add", "GetConsumingEnumerable"), true),
        }.ToImmutableDictionary();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingPrimitive);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no templates.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            ImmutableDictionary<INamedTypeSymbol, (ImmutableHashSet<string> Methods, bool OffLoopSafe)> table = BlockingApis.Resolve(start.Compilation, s_table);
            INamedTypeSymbol? mutex = start.Compilation.GetTypeByMetadataName("System.Threading.Mutex");
            ApiList allowed = ApiList.Read(start.Compilation, start.Options.AdditionalFiles, ApiList.AllowedPrefix, start.CancellationToken);
            start.RegisterBlockingOperationAction(symbols, (context, _) => AnalyzeInvocation(context, table, mutex, allowed), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        ImmutableDictionary<INamedTypeSymbol, (ImmutableHashSet<string> Methods, bool OffLoopSafe)> table,
        INamedTypeSymbol? mutex,
        ApiList allowed)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;

        // Not a listed primitive wait, or allowed by the user (CoroutineAllowedApis*.txt).
        if (allowed.Contains(method, out _) ||
            !table.TryGetValue(method.ContainingType.OriginalDefinition, out (ImmutableHashSet<string> Methods, bool OffLoopSafe) entry) ||
            !entry.Methods.Contains(method.Name))
        {
            return;
        }

        // Monitor.TryEnter(x) without a timeout never blocks.
        if (method.Name == "TryEnter" && !method.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_Int32 || p.Type.Name == "TimeSpan"))
        {
            return;
        }

        // A zero timeout is a non-blocking try.
        if (invocation.Arguments.Any(a => a.Parameter is { } p && (p.Name.Contains("imeout") || p.Name == "millisecondsTimeout") &&
                                          (a.Value.ConstantValue is { HasValue: true, Value: 0 } || a.Value is IFieldReferenceOperation { Field.Name: "Zero" })))
        {
            return;
        }

        // WaitOne on a Mutex acquires a thread-affine lock: never move it off the loop. GetConsumingEnumerable is lazy:
        // creating it elsewhere would not move the blocking enumeration.
        bool offLoopSafe = entry.OffLoopSafe && !IsMutex(invocation.Instance?.Type, mutex) && method.Name != "GetConsumingEnumerable";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingPrimitive,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(OffLoopSafeProperty, offLoopSafe ? "true" : "false"),
            method.ContainingType.Name.Split('`')[0] + "." + method.Name));
    }

    private static bool IsMutex(ITypeSymbol? type, INamedTypeSymbol? mutex)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (CoroutineSymbols.Is(t, mutex))
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableHashSet<string> Set(params string[] names) => ImmutableHashSet.Create(StringComparer.Ordinal, names);
}
