using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO006 fix: read the console on the executor. <c>var line = Console.ReadLine();</c> becomes
/// <c>var op = RunInExecutor(() =&gt; Console.ReadLine()); yield return op; var line = op.Result;</c>.
/// The fake-async reads (<c>Console.In.ReadLineAsync()</c>) get no fix: wrapping them would yield a Task of a Task.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConsoleInputCodeFixProvider)), Shared]
public sealed class ConsoleInputCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO006.Executor";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ConsoleInput.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.TryGetValue(ConsoleInputAnalyzer.FakeAsyncProperty, out string? fake) && fake == "true")
        {
            yield break;
        }

        if (CallHoisting.PlanExecutor(target, model, cancellationToken) is { } edit)
        {
            yield return new FixPlan("Read it with 'RunInExecutor'", EquivalenceKey, edit);
        }
    }
}
