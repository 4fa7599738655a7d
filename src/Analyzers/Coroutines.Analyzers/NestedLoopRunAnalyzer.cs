using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO003: <c>Co.Run(...)</c>, <c>loop.RunUntilComplete(...)</c> or <c>loop.RunForever()</c> inside a
/// <c>[Coroutine]</c> template: a re-entrant loop run on the loop thread (Python: "This event loop is already running").
/// Property <see cref="YieldableProperty"/> is "true" when the single argument can be yielded instead.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NestedLoopRunAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" for <c>Run(x)</c>/<c>RunUntilComplete(x)</c> with exactly one argument.</summary>
    public const string YieldableProperty = "Yieldable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NestedLoopRun);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: nothing to check.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            INamedTypeSymbol? loop = start.Compilation.GetTypeByMetadataName("Coroutines.EventLoop");
            if (symbols?.Co is null || loop is null)
            {
                return;
            }

            start.RegisterCoroutineOperationAction(symbols, context => AnalyzeInvocation(context, symbols, loop), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols, INamedTypeSymbol loop)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        bool run = (CoroutineSymbols.Is(method.ContainingType, symbols.Co) && method.Name == "Run") ||
                   (CoroutineSymbols.Is(method.ContainingType, loop) && method.Name is "RunUntilComplete" or "RunForever");

        // Not a loop run.
        if (!run)
        {
            return;
        }

        // Only a single explicit argument is rewritten: dropping an explicit 'debug' argument would change behaviour silently.
        bool yieldable = method.Name != "RunForever" && invocation.Arguments.Count(a => !a.IsImplicit) == 1;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.NestedLoopRun,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(YieldableProperty, yieldable ? "true" : "false"),
            method.ContainingType.Name + "." + method.Name));
    }
}
