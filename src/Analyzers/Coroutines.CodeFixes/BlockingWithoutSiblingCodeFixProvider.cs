using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

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

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (CallHoisting.PlanExecutor(target, model, cancellationToken) is { } edit)
        {
            yield return new FixPlan("Run it with 'RunInExecutor'", EquivalenceKey, edit);
        }
    }
}
