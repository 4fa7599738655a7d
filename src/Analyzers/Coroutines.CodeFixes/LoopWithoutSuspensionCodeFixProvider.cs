using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO026 fix: <c>while (true) { Poll(); }</c> becomes <c>while (true) { Poll(); yield return default; }</c> (give way
/// once per iteration). Not offered when a <c>continue</c> would skip the appended yield or a yield is illegal there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoopWithoutSuspensionCodeFixProvider)), Shared]
public sealed class LoopWithoutSuspensionCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO026.GiveWay";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.LoopWithoutSuspension.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if ((diagnostic.Properties.TryGetValue(LoopWithoutSuspensionAnalyzer.HasContinueProperty, out string? hasContinue) && hasContinue == "true") ||
            target is not (WhileStatementSyntax or ForStatementSyntax or DoStatementSyntax) ||
            !YieldPlacement.CanYieldAt((StatementSyntax)target))
        {
            yield break;
        }

        yield return new FixPlan("Give way at the end of each iteration", EquivalenceKey, (root, node) =>
        {
            StatementSyntax body = node switch
            {
                WhileStatementSyntax loop => loop.Statement,
                ForStatementSyntax loop => loop.Statement,
                _ => ((DoStatementSyntax)node).Statement,
            };
            StatementSyntax giveWay = YieldPlacement.YieldReturn(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression))
                .WithAdditionalAnnotations(Formatter.Annotation);
            BlockSyntax newBody = body is BlockSyntax block
                ? block.AddStatements(giveWay)
                : SyntaxFactory.Block(body.WithoutTrivia(), giveWay).WithTriviaFrom(body).WithAdditionalAnnotations(Formatter.Annotation);
            return root.ReplaceNode(body, newBody);
        });
    }
}
