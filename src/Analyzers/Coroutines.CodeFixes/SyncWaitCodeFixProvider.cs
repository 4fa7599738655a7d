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
/// CORO002 fix: suspend on the task, then read it (legal once it has completed).
/// <list type="bullet">
/// <item><c>t.Wait();</c> becomes <c>yield return t;</c>; <c>Task.WaitAll(a, b);</c> becomes <c>yield return Task.WhenAll(a, b);</c> (WaitAny likewise, as a statement).</item>
/// <item><c>var x = t.Result;</c> becomes <c>yield return t; var x = t.Result;</c> when <c>t</c> is a local or parameter.</item>
/// <item><c>var x = GetTask().Result;</c> becomes <c>var task = GetTask(); yield return task; var x = task.Result;</c>.</item>
/// <item>ValueTask: <c>var x = vt.Result;</c> becomes <c>var op = Await(vt); yield return op; var x = op.Result;</c>.</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SyncWaitCodeFixProvider)), Shared]
public sealed class SyncWaitCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO002.YieldTask";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SyncWait.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        string? kind = Property(diagnostic, SyncWaitAnalyzer.KindProperty);
        bool valueTask = Property(diagnostic, SyncWaitAnalyzer.ValueTaskProperty) == "true";
        bool hasResult = Property(diagnostic, SyncWaitAnalyzer.HasResultProperty) == "true";
        bool simple = Property(diagnostic, SyncWaitAnalyzer.SimpleOverloadProperty) == "true";
        RootEdit? edit = kind switch
        {
            SyncWaitAnalyzer.Wait when simple => PlanWholeStatement(target, Receiver),
            SyncWaitAnalyzer.WaitAll when simple => PlanWholeStatement(target, t => WhenAllOrAny(t, "WhenAll")),
            SyncWaitAnalyzer.WaitAny when simple => PlanWholeStatement(target, t => WhenAllOrAny(t, "WhenAny")),
            SyncWaitAnalyzer.Result or SyncWaitAnalyzer.GetResult when !hasResult && !valueTask => PlanWholeStatement(target, Receiver),
            SyncWaitAnalyzer.Result or SyncWaitAnalyzer.GetResult when !hasResult && valueTask =>
                PlanWholeStatement(target, t => YieldPlacement.CallCo("Await", Receiver(t)!)),
            SyncWaitAnalyzer.Result or SyncWaitAnalyzer.GetResult => PlanHoist(target, valueTask, model, cancellationToken),
            _ => null,
        };
        if (edit is not null)
        {
            yield return new FixPlan("Yield the task, then read its result", EquivalenceKey, edit);
        }
    }

    /// <summary><c>call;</c> becomes <c>yield return yielded(call);</c>; only when the call is the whole statement.</summary>
    private static RootEdit? PlanWholeStatement(SyntaxNode target, Func<ExpressionSyntax, ExpressionSyntax?> yielded)
    {
        if (target is not ExpressionSyntax { Parent: ExpressionStatementSyntax statement } expression ||
            yielded(expression) is null ||
            !YieldPlacement.CanYieldAt(statement))
        {
            return null;
        }

        return (root, node) =>
        {
            var current = (ExpressionStatementSyntax)node.Parent!;
            StatementSyntax replacement = YieldPlacement.YieldReturn(yielded((ExpressionSyntax)node)!)
                .WithTriviaFrom(current)
                .WithAdditionalAnnotations(Formatter.Annotation);
            return YieldPlacement.ReplaceStatement(root, current, [replacement]);
        };
    }

    /// <summary>Insert the wait before the statement that reads the result; the read stays or moves to a temporary.</summary>
    private static RootEdit? PlanHoist(SyntaxNode target, bool valueTask, SemanticModel model, CancellationToken cancellationToken)
    {
        if (target is not ExpressionSyntax access ||
            Receiver(access) is not { } receiver ||
            YieldPlacement.FindHoistStatement(access) is not { } statement ||
            !YieldPlacement.CanYieldAt(statement) ||
            YieldPlacement.RefStructLiveAcross(model, statement, cancellationToken))
        {
            return null;
        }

        bool localReceiver = !valueTask &&
            receiver is IdentifierNameSyntax &&
            model.GetSymbolInfo(receiver, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol;
        return (root, node) =>
        {
            var currentAccess = (ExpressionSyntax)node;
            ExpressionSyntax currentReceiver = Receiver(currentAccess)!;
            StatementSyntax currentStatement = YieldPlacement.FindHoistStatement(currentAccess)!;
            if (localReceiver)
            {
                // Fix All: an earlier fix in this pass already waited for this local.
                if (YieldPlacement.IsYieldedBefore(currentStatement, ((IdentifierNameSyntax)currentReceiver).Identifier.ValueText))
                {
                    return root;
                }

                // yield return t; <statement unchanged>
                return YieldPlacement.ReplaceStatement(
                    root,
                    currentStatement,
                    YieldPlacement.InsertBefore(currentStatement, currentStatement, YieldPlacement.YieldReturn(currentReceiver)));
            }

            string name = YieldPlacement.UniqueName(currentStatement, valueTask ? "op" : "task");
            ExpressionSyntax value = valueTask ? YieldPlacement.CallCo("Await", currentReceiver) : currentReceiver;
            StatementSyntax updated = currentStatement.ReplaceNode(currentAccess, YieldPlacement.ResultOf(name, currentAccess));
            return YieldPlacement.ReplaceStatement(
                root,
                currentStatement,
                YieldPlacement.InsertBefore(
                    currentStatement,
                    updated,
                    YieldPlacement.DeclareVar(name, value),
                    YieldPlacement.YieldReturn(SyntaxFactory.IdentifierName(name))));
        };
    }

    /// <summary>The task in <c>t.Wait()</c>, <c>t.Result</c>, <c>t.GetAwaiter().GetResult()</c> or <c>t.ConfigureAwait(x).GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? Receiver(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                return result.Expression;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait }:
                return wait.Expression;
            case InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: "GetResult",
                    Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                },
            }:
                return getAwaiter.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configureAwait }
                    ? configureAwait.Expression
                    : getAwaiter.Expression;
            default:
                return null;
        }
    }

    private static ExpressionSyntax? WhenAllOrAny(ExpressionSyntax expression, string method) =>
        expression is InvocationExpressionSyntax invocation
            ? SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task." + method).WithAdditionalAnnotations(Simplifier.Annotation),
                invocation.ArgumentList.WithoutTrivia())
            : null;

    private static string? Property(Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out string? value) ? value : null;
}
