using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.CodeFixes;

/// <summary>CORO028 fix: <c>yield return Sleep(0);</c> becomes <c>yield return default;</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ZeroSleepCodeFixProvider)), Shared]
public sealed class ZeroSleepCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO028.GiveWay";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ZeroSleep.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (target is InvocationExpressionSyntax)
        {
            yield return new FixPlan(
                "Use 'yield return default;'",
                EquivalenceKey,
                (root, node) => root.ReplaceNode(node, SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression).WithTriviaFrom(node)));
        }
    }
}
