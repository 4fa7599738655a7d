using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO020 fixes, two actions with two keys:
/// <c>FooAsync();</c> / <c>_ = FooAsync();</c> becomes <c>yield return FooAsync();</c> (inside a coroutine: runs it
/// inline) or <c>CreateTask(FooAsync());</c> (schedules it concurrently; also for a raw template <c>Foo()</c>).
/// An unused local gets no fix: which of the two was meant is not knowable.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CoroutineNotRunCodeFixProvider)), Shared]
public sealed class CoroutineNotRunCodeFixProvider : CoroutineCodeFixProvider
{
    public const string YieldKey = "CORO020.YieldReturn";

    public const string CreateTaskKey = "CORO020.CreateTask";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.CoroutineNotRun.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (target is not InvocationExpressionSyntax call || StatementOf(call) is not { } statement)
        {
            yield break;
        }

        bool template = Property(diagnostic, CoroutineNotRunAnalyzer.TemplateProperty) == "true";
        bool inCoroutine = Property(diagnostic, CoroutineNotRunAnalyzer.InCoroutineProperty) == "true";
        if (!template && inCoroutine && YieldPlacement.CanYieldAt(statement))
        {
            yield return new FixPlan("Run it here with 'yield return'", YieldKey, (root, node) => Replace(root, node, c => YieldPlacement.YieldReturn(c)));
        }

        // CreateTask takes a Coroutine or an IEnumerable<Yield>/IEnumerable<Yield<T>> template, not an IEnumerator.
        if (!template || model.GetTypeInfo(call, cancellationToken).Type is INamedTypeSymbol { Name: "IEnumerable" })
        {
            yield return new FixPlan(
                "Schedule it with 'CreateTask'",
                CreateTaskKey,
                (root, node) => Replace(root, node, c => SyntaxFactory.ExpressionStatement(YieldPlacement.CallCo("CreateTask", c))));
        }
    }

    private static SyntaxNode Replace(SyntaxNode root, SyntaxNode node, Func<ExpressionSyntax, StatementSyntax> build)
    {
        var call = (InvocationExpressionSyntax)node;
        ExpressionStatementSyntax statement = StatementOf(call)!;
        StatementSyntax replacement = build(call).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation);
        return YieldPlacement.ReplaceStatement(root, statement, [replacement]);
    }

    /// <summary><c>call;</c> or <c>_ = call;</c>.</summary>
    private static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax call) => call.Parent switch
    {
        ExpressionStatementSyntax statement => statement,
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax statement } => statement,
        _ => null,
    };

    private static string? Property(Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out string? value) ? value : null;
}
