using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Coroutines.CodeFixes;

/// <summary>
/// The shared shape of the CORO004/005/006 fixes: a blocking call becomes something yieldable.
/// <c>Call(a);</c> becomes <c>yield return wrap(Call(a));</c>; <c>var x = Call(a);</c> becomes
/// <c>var op = wrap(Call(a)); yield return op; var x = op.Result;</c>.
/// </summary>
internal static class CallHoisting
{
    /// <summary>
    /// Plans the rewrite of <paramref name="call"/>, or null where it would be illegal (see <see cref="YieldPlacement"/>).
    /// <paramref name="asStatement"/> builds what to yield when the call is a whole statement;
    /// <paramref name="asValue"/> builds the future whose <c>Result</c> replaces the call (null: value form unsupported).
    /// </summary>
    public static RootEdit? Plan(
        SyntaxNode target,
        SemanticModel model,
        CancellationToken cancellationToken,
        Func<InvocationExpressionSyntax, ExpressionSyntax> asStatement,
        Func<InvocationExpressionSyntax, ExpressionSyntax>? asValue,
        bool declareBeforeYield = false)
    {
        if (target is not InvocationExpressionSyntax call)
        {
            return null;
        }

        if (call.Parent is ExpressionStatementSyntax statement)
        {
            if (!YieldPlacement.CanYieldAt(statement))
            {
                return null;
            }

            // The generator does not lower a capturing lambda inside a suspension point (CORO110), so such a future is
            // created in a local first: 'var op = RunInExecutor(() => Call(a)); yield return op;'.
            if (declareBeforeYield)
            {
                return (root, node) =>
                {
                    var current = (InvocationExpressionSyntax)node;
                    var currentStatement = (ExpressionStatementSyntax)current.Parent!;
                    string name = YieldPlacement.UniqueName(currentStatement, "op");
                    StatementSyntax declaration = YieldPlacement.DeclareVar(name, asStatement(current))
                        .WithLeadingTrivia(currentStatement.GetLeadingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    StatementSyntax yielded = YieldPlacement.YieldReturn(SyntaxFactory.IdentifierName(name))
                        .WithTrailingTrivia(currentStatement.GetTrailingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    return YieldPlacement.ReplaceStatement(root, currentStatement, [declaration, yielded]);
                };
            }

            return (root, node) =>
            {
                var current = (InvocationExpressionSyntax)node;
                var currentStatement = (ExpressionStatementSyntax)current.Parent!;
                StatementSyntax replacement = YieldPlacement.YieldReturn(asStatement(current))
                    .WithTriviaFrom(currentStatement)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return YieldPlacement.ReplaceStatement(root, currentStatement, [replacement]);
            };
        }

        if (asValue is null ||
            YieldPlacement.FindHoistStatement(call) is not { } hoisted ||
            !YieldPlacement.CanYieldAt(hoisted) ||
            YieldPlacement.RefStructLiveAcross(model, hoisted, cancellationToken))
        {
            return null;
        }

        return (root, node) =>
        {
            var current = (InvocationExpressionSyntax)node;
            StatementSyntax currentStatement = YieldPlacement.FindHoistStatement(current)!;
            string name = YieldPlacement.UniqueName(currentStatement, "op");
            StatementSyntax updated = currentStatement.ReplaceNode(current, YieldPlacement.ResultOf(name, current));
            return YieldPlacement.ReplaceStatement(
                root,
                currentStatement,
                YieldPlacement.InsertBefore(
                    currentStatement,
                    updated,
                    YieldPlacement.DeclareVar(name, asValue(current)),
                    YieldPlacement.YieldReturn(SyntaxFactory.IdentifierName(name))));
        };
    }

    /// <summary>
    /// Plans <c>RunInExecutor(() =&gt; call)</c> (CORO005/006). Null when the lambda could not capture what the call uses:
    /// <c>ref</c>/<c>out</c>/<c>in</c> arguments, ref-struct values (CS8175), <c>this</c> of a struct (CS1673), <c>stackalloc</c>.
    /// </summary>
    public static RootEdit? PlanExecutor(SyntaxNode target, SemanticModel model, CancellationToken cancellationToken)
    {
        if (target is not InvocationExpressionSyntax call ||
            call.ArgumentList.Arguments.Any(a => !a.RefKindKeyword.IsKind(SyntaxKind.None)) ||
            call.DescendantNodesAndSelf().Any(n => n is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax) ||
            call.DescendantNodesAndSelf().OfType<ExpressionSyntax>().Any(e => model.GetTypeInfo(e, cancellationToken).Type is { IsRefLikeType: true }) ||
            model.GetEnclosingSymbol(call.SpanStart, cancellationToken) is IMethodSymbol { IsStatic: false, ContainingType.IsValueType: true })
        {
            return null;
        }

        ExpressionSyntax Executor(InvocationExpressionSyntax current) =>
            YieldPlacement.CallCo("RunInExecutor", SyntaxFactory.ParenthesizedLambdaExpression(current.WithoutTrivia()));

        return Plan(target, model, cancellationToken, Executor, Executor, declareBeforeYield: Captures(call, model));
    }

    /// <summary>The lambda around <paramref name="call"/> would capture a local, a parameter or <c>this</c>.</summary>
    private static bool Captures(InvocationExpressionSyntax call, SemanticModel model)
    {
        DataFlowAnalysis? flow = model.AnalyzeDataFlow(call);
        if (flow is null || !flow.Succeeded ||
            flow.ReadInside.Concat(flow.WrittenInside).Any(s => s is ILocalSymbol or IParameterSymbol) ||
            call.DescendantNodesAndSelf().Any(n => n is ThisExpressionSyntax or BaseExpressionSyntax))
        {
            return true;
        }

        // An unqualified instance member captures 'this' implicitly.
        foreach (SimpleNameSyntax name in call.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name ||
                name.Parent is MemberBindingExpressionSyntax)
            {
                continue;
            }

            if (model.GetSymbolInfo(name).Symbol is { IsStatic: false, Kind: SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event })
            {
                return true;
            }
        }

        return false;
    }
}
