using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO003 fix: run the work on the current loop. <c>Co.Run(WorkAsync());</c> becomes <c>yield return WorkAsync();</c>;
/// <c>var r = Co.Run(WorkAsync());</c> becomes <c>var op = WorkAsync(); yield return op; var r = op.Result;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NestedLoopRunCodeFixProvider)), Shared]
public sealed class NestedLoopRunCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO003.YieldInstead";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NestedLoopRun.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.TryGetValue(NestedLoopRunAnalyzer.YieldableProperty, out string? yieldable) && yieldable == "true" &&
            target is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } &&
            CallHoisting.Plan(target, model, cancellationToken, Argument, Argument) is { } edit)
        {
            yield return new FixPlan("Yield it on the running loop", EquivalenceKey, edit);
        }
    }

    private static ExpressionSyntax Argument(InvocationExpressionSyntax call) => call.ArgumentList.Arguments[0].Expression;
}
