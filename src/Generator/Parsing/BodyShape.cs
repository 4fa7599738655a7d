using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>Syntax questions about a template body that ignore what nested lambdas and local functions contain.</summary>
internal static class BodyShape
{
    /// <summary>Descends into everything but lambdas and local functions (their yields and returns are their own).</summary>
    public static bool OwnNodes(SyntaxNode node) => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary>Whether <paramref name="node"/> contains a suspension point of this template (not of a nested function).</summary>
    public static bool ContainsYieldReturn(SyntaxNode node) =>
        node.DescendantNodesAndSelf(OwnNodes).Any(static n => n.IsKind(SyntaxKind.YieldReturnStatement));

    /// <summary>Whether <paramref name="body"/> is an iterator body (it has a <c>yield</c> statement of its own).</summary>
    public static bool IsIterator(SyntaxNode body) =>
        body.DescendantNodes(OwnNodes).Any(static n => n is YieldStatementSyntax);

    /// <summary>A lambda or local function that is not inside another one.</summary>
    public static bool IsOutermostFunction(SyntaxNode function) =>
        !function.Ancestors().Any(static a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary>The innermost lambda or local function around <paramref name="node"/>, or null when it is the template's own code.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(static a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
}
