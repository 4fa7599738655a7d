using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO001 fix: <c>Thread.Sleep(ms);</c> becomes <c>yield return Sleep(TimeSpan.FromMilliseconds(ms));</c>,
/// <c>Thread.Sleep(ts);</c> becomes <c>yield return Sleep(ts);</c> and <c>Thread.Sleep(0);</c> becomes
/// <c>yield return default;</c> (give way). Spins get no fix: what they wait for is not known.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingSleepCodeFixProvider)), Shared]
public sealed class BlockingSleepCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO001.YieldSleep";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingSleep.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        diagnostic.Properties.TryGetValue(BlockingSleepAnalyzer.KindProperty, out string? kind);
        if (kind is not (BlockingSleepAnalyzer.SleepMilliseconds or BlockingSleepAnalyzer.SleepTimeSpan) ||
            target is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement, ArgumentList.Arguments.Count: 1 } invocation ||
            !YieldPlacement.CanYieldAt(statement))
        {
            yield break;
        }

        ExpressionSyntax argument = invocation.ArgumentList.Arguments[0].Expression;
        bool zero = model.GetConstantValue(argument, cancellationToken) is { HasValue: true, Value: 0 };
        yield return new FixPlan(
            zero ? "Give way with 'yield return default'" : "Use 'yield return Sleep(...)'",
            EquivalenceKey,
            (root, node) =>
            {
                var call = (InvocationExpressionSyntax)node;
                var current = (ExpressionStatementSyntax)call.Parent!;
                ExpressionSyntax value = call.ArgumentList.Arguments[0].Expression;
                ExpressionSyntax yielded = zero
                    ? SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)
                    : kind == BlockingSleepAnalyzer.SleepTimeSpan
                        ? YieldPlacement.CallCo("Sleep", value)
                        : YieldPlacement.CallCo("Sleep", FromMilliseconds(value));
                return YieldPlacement.ReplaceStatement(
                    root,
                    current,
                    [YieldPlacement.YieldReturn(yielded).WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation)]);
            });
    }

    private static ExpressionSyntax FromMilliseconds(ExpressionSyntax milliseconds) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression("global::System.TimeSpan.FromMilliseconds").WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(milliseconds.WithoutTrivia()))));
}
