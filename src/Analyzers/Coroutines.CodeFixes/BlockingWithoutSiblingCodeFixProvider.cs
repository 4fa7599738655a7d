using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO005 fix: run the call on the executor. <c>File.Copy(a, b);</c> becomes
/// <c>yield return RunInExecutor(() =&gt; File.Copy(a, b));</c>; <c>var f = File.OpenRead(p);</c> becomes
/// <c>var op = RunInExecutor(() =&gt; File.OpenRead(p)); yield return op; var f = op.Result;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingWithoutSiblingCodeFixProvider)), Shared]
public sealed class BlockingWithoutSiblingCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO005.Executor";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingWithoutSibling.Id);

    /// <summary>A <c>CoroutineBlockingApis*.txt</c> entry names an <c>async:</c> replacement: yield it instead.</summary>
    public const string ReplacementKey = "CORO005.Replacement";

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.TryGetValue(BlockingWithoutSiblingAnalyzer.ReplacementProperty, out string? replacement) && replacement is not null &&
            diagnostic.Properties.TryGetValue(BlockingWithoutSiblingAnalyzer.ReplacementKindProperty, out string? kind) && kind is not null &&
            target is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax or SimpleNameSyntax })
        {
            diagnostic.Properties.TryGetValue(BlockingWithoutSiblingAnalyzer.ReplacementTypeProperty, out string? staticType);
            bool valueTask = kind.StartsWith("ValueTask", StringComparison.Ordinal);
            bool hasResult = kind.EndsWith("OfT", StringComparison.Ordinal);
            InvocationExpressionSyntax Call(InvocationExpressionSyntax call) => staticType is null
                ? AsyncSiblingCodeFixProvider.Rename(call, replacement)
                : call.WithExpression(SyntaxFactory.ParseExpression(staticType + "." + replacement)
                    .WithTriviaFrom(call.Expression)
                    .WithAdditionalAnnotations(Simplifier.Annotation));
            RootEdit? yieldReplacement = CallHoisting.Plan(
                target,
                model,
                cancellationToken,
                call => valueTask ? YieldPlacement.CallCo("Await", Call(call)) : Call(call),
                hasResult ? call => YieldPlacement.CallCo("Await", Call(call)) : null);
            if (yieldReplacement is not null)
            {
                yield return new FixPlan($"Yield '{replacement}'", ReplacementKey, yieldReplacement);
            }
        }

        if (CallHoisting.PlanExecutor(target, model, cancellationToken) is { } edit)
        {
            yield return new FixPlan("Run it with 'RunInExecutor'", EquivalenceKey, edit);
        }
    }
}
