using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO026: <c>while (true)</c>, <c>for (;;)</c> or <c>do … while (true)</c> directly in a <c>[Coroutine]</c> template
/// whose body has no <c>yield return</c> and no way out (<c>break</c> of this loop, <c>return</c>, <c>yield break</c>,
/// <c>throw</c>, <c>goto</c>): it holds the loop thread forever. Property <see cref="HasContinueProperty"/> tells the fixer
/// that an appended yield would be skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopWithoutSuspensionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the body has a <c>continue</c> for this loop.</summary>
    public const string HasContinueProperty = "HasContinue";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LoopWithoutSuspension);

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

            start.RegisterCoroutineOperationAction(symbols, AnalyzeLoop, OperationKind.Loop);
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context)
    {
        SyntaxNode syntax = context.Operation.Syntax;
        (StatementSyntax? body, SyntaxToken keyword) = syntax switch
        {
            WhileStatementSyntax loop when IsTrue(loop.Condition) => (loop.Statement, loop.WhileKeyword),
            ForStatementSyntax { Condition: null } loop => (loop.Statement, loop.ForKeyword),
            ForStatementSyntax loop when IsTrue(loop.Condition!) => (loop.Statement, loop.ForKeyword),
            DoStatementSyntax loop when IsTrue(loop.Condition) => (loop.Statement, loop.DoKeyword),
            _ => (null, default),
        };

        // Not an infinite loop, or one that suspends or can end.
        if (body is null || Exits(body, out bool hasContinue))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.LoopWithoutSuspension,
            keyword.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(HasContinueProperty, hasContinue ? "true" : "false")));
    }

    private static bool IsTrue(ExpressionSyntax condition) => condition.IsKind(SyntaxKind.TrueLiteralExpression);

    /// <summary>True when <paramref name="body"/> yields or can leave the loop; also finds <c>continue</c>s of this loop.</summary>
    private static bool Exits(StatementSyntax body, out bool hasContinue)
    {
        hasContinue = false;
        foreach (SyntaxNode node in body.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case YieldStatementSyntax:
                case ReturnStatementSyntax:
                case ThrowStatementSyntax:
                case ThrowExpressionSyntax:
                case GotoStatementSyntax:
                    return true;
                case BreakStatementSyntax when BelongsToThisLoop(node, body):
                    return true;
                case ContinueStatementSyntax when BelongsToThisLoop(node, body):
                    hasContinue = true;
                    break;
            }
        }

        return false;
    }

    /// <summary>No inner loop (or, for break, switch) between the jump and <paramref name="body"/>.</summary>
    private static bool BelongsToThisLoop(SyntaxNode jump, StatementSyntax body)
    {
        for (SyntaxNode? node = jump.Parent; node is not null && node != body.Parent; node = node.Parent)
        {
            if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax ||
                (node is SwitchStatementSyntax && jump is BreakStatementSyntax))
            {
                return node == body.Parent;
            }
        }

        return true;
    }
}
