using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Coroutines.CodeFixes;

/// <summary>CORO010 fix: the call runs with <c>RunInExecutor</c> (<c>yield return RunInExecutor(() =&gt; call);</c>, or hoisted into <c>op</c> when its value is used). Property reads get no fix.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FileSystemMetadataCodeFixProvider)), Shared]
public sealed class FileSystemMetadataCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO010.Executor";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.FileSystemMetadata.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (CallHoisting.PlanExecutor(target, model, cancellationToken) is { } edit)
        {
            yield return new FixPlan("Run it with 'RunInExecutor'", EquivalenceKey, edit);
        }
    }
}
