using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO021: a Task/ValueTask-returning call used as a statement inside a <c>[Coroutine]</c> template. The iterator is not
/// <c>async</c>, so CS4014 is silent. An explicit discard (<c>_ = FooAsync();</c>) states intent and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TaskNotObservedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the dropped value is a ValueTask.</summary>
    public const string ValueTaskProperty = "ValueTask";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TaskNotObserved);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime or no Task: nothing to check.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Task is null)
            {
                return;
            }

            start.RegisterCoroutineOperationAction(symbols, context => AnalyzeStatement(context, symbols), OperationKind.ExpressionStatement);
        });
    }

    private static void AnalyzeStatement(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var statement = (IExpressionStatementOperation)context.Operation;

        // Only a dropped call result of a Task-like type.
        if (statement.Operation is not IInvocationOperation invocation || !symbols.IsTaskLike(invocation.Type))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TaskNotObserved,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(ValueTaskProperty, symbols.IsValueTask(invocation.Type) ? "true" : "false"),
            invocation.TargetMethod.Name));
    }
}
