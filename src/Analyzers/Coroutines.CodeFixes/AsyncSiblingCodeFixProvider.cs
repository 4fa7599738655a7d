using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO004 fix: switch to the awaitable sibling and suspend on it.
/// <c>s.Write(buf);</c> becomes <c>yield return s.WriteAsync(buf);</c> (ValueTask: <c>yield return Await(…);</c>);
/// <c>var n = s.Read(buf, 0, 4);</c> becomes <c>var op = Await(s.ReadAsync(buf, 0, 4)); yield return op; var n = op.Result;</c>.
/// A second action (<see cref="ExecutorKey"/>) keeps the call and runs it with <c>RunInExecutor</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncSiblingCodeFixProvider)), Shared]
public sealed class AsyncSiblingCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO004.AsyncSibling";

    public const string ExecutorKey = "CORO004.Executor";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.AsyncSibling.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(AsyncSiblingAnalyzer.SiblingProperty, out string? sibling) || sibling is null ||
            !diagnostic.Properties.TryGetValue(AsyncSiblingAnalyzer.SiblingKindProperty, out string? kind) || kind is null ||
            target is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax or SimpleNameSyntax })
        {
            yield break;
        }

        bool valueTask = kind.StartsWith("ValueTask", StringComparison.Ordinal);
        bool hasResult = kind.EndsWith("OfT", StringComparison.Ordinal);
        RootEdit? edit = CallHoisting.Plan(
            target,
            model,
            cancellationToken,
            call => valueTask ? YieldPlacement.CallCo("Await", Rename(call, sibling)) : Rename(call, sibling),
            hasResult ? call => YieldPlacement.CallCo("Await", Rename(call, sibling)) : null);
        if (edit is not null)
        {
            yield return new FixPlan($"Yield '{sibling}'", EquivalenceKey, edit);
        }

        // Second choice: keep the synchronous call, run it on the executor.
        if (CallHoisting.PlanExecutor(target, model, cancellationToken) is { } executor)
        {
            yield return new FixPlan("Run it with 'RunInExecutor'", ExecutorKey, executor);
        }
    }

    internal static InvocationExpressionSyntax Rename(InvocationExpressionSyntax call, string name)
    {
        SimpleNameSyntax oldName = call.Expression switch
        {
            MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
            _ => (SimpleNameSyntax)call.Expression,
        };
        SimpleNameSyntax newName = oldName switch
        {
            GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(generic.Identifier)),
            _ => SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(name).WithTriviaFrom(oldName.Identifier)),
        };
        return call.ReplaceNode(oldName, newName);
    }
}
