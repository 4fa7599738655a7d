using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO027: <c>while (!done) { yield return Sleep(0.1); }</c> (or <c>do … while</c>) in a <c>[Coroutine]</c> template:
/// a loop with a real condition whose body is nothing but one sleep or give-way (flake8-async ASYNC110).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BusyWaitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BusyWait);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no Sleep.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Co is null)
            {
                return;
            }

            start.RegisterCoroutineOperationAction(symbols, context => AnalyzeLoop(context, symbols), OperationKind.Loop);
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        (ExpressionSyntax? condition, StatementSyntax? body, SyntaxToken keyword) = context.Operation.Syntax switch
        {
            WhileStatementSyntax loop => (loop.Condition, loop.Statement, loop.WhileKeyword),
            DoStatementSyntax loop => (loop.Condition, loop.Statement, loop.DoKeyword),
            _ => (null, null, default),
        };

        // Not a conditional loop (while (true) is CORO026's business), or its body does more than wait.
        if (condition is null || body is null || condition.IsKind(SyntaxKind.TrueLiteralExpression) ||
            SingleStatement(body) is not YieldStatementSyntax { Expression: { } yielded } yieldStatement ||
            !yieldStatement.IsKind(SyntaxKind.YieldReturnStatement) ||
            !IsSleepOrGiveWay(yielded, context.Operation.SemanticModel!, symbols, context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BusyWait, keyword.GetLocation()));
    }

    private static StatementSyntax? SingleStatement(StatementSyntax body) => body switch
    {
        BlockSyntax { Statements.Count: 1 } block => block.Statements[0],
        BlockSyntax => null,
        _ => body,
    };

    private static bool IsSleepOrGiveWay(ExpressionSyntax yielded, SemanticModel model, CoroutineSymbols symbols, CancellationToken cancellationToken) =>
        yielded.IsKind(SyntaxKind.DefaultLiteralExpression) ||
        (model.GetOperation(yielded, cancellationToken) is IInvocationOperation { TargetMethod.Name: "Sleep" } sleep &&
         CoroutineSymbols.Is(sleep.TargetMethod.ContainingType, symbols.Co));
}
