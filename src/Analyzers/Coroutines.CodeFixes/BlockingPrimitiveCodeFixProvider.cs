using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO007 fix, only for waits that are correct on another thread (events, countdowns, <c>Thread.Join</c>,
/// <c>BlockingCollection</c>; not Monitor, ReaderWriterLockSlim, SpinLock, Mutex or Barrier):
/// <c>evt.WaitOne();</c> becomes <c>yield return RunInExecutor(() =&gt; evt.WaitOne());</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingPrimitiveCodeFixProvider)), Shared]
public sealed class BlockingPrimitiveCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO007.Executor";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingPrimitive.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.TryGetValue(BlockingPrimitiveAnalyzer.OffLoopSafeProperty, out string? safe) && safe == "true" &&
            CallHoisting.PlanExecutor(target, model, cancellationToken) is { } edit)
        {
            yield return new FixPlan("Wait with 'RunInExecutor'", EquivalenceKey, edit);
        }
    }
}
