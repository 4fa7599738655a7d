using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO021 fix: <c>SaveAsync();</c> becomes <c>yield return SaveAsync();</c> (a ValueTask: <c>yield return Await(SaveAsync());</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TaskNotObservedCodeFixProvider)), Shared]
public sealed class TaskNotObservedCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO021.YieldTask";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.TaskNotObserved.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        // A ValueTask consumed twice: which use should go is the author's decision.
        if (diagnostic.Properties.TryGetValue(TaskNotObservedAnalyzer.KindProperty, out string? kind) && kind == TaskNotObservedAnalyzer.ConsumedTwice)
        {
            yield break;
        }

        bool valueTask = diagnostic.Properties.TryGetValue(TaskNotObservedAnalyzer.ValueTaskProperty, out string? value) && value == "true";
        RootEdit? edit = CallHoisting.Plan(
            target,
            model,
            cancellationToken,
            call => valueTask ? YieldPlacement.CallCo("Await", call) : call,
            asValue: null);
        if (edit is not null)
        {
            yield return new FixPlan("Yield the task", EquivalenceKey, edit);
        }
    }
}
