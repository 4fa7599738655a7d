using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>The fact the hoisting decision rests on for a local declared by a plain declaration.</summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// Whether the value of a local declared at a flattened level may be read after a suspension point: a
    /// <c>yield return</c> lies between its declaration and its last use, or a use sits in a loop (not containing
    /// the declaration) that suspends, or in a flattened <c>try</c> the resume dispatch enters, or a <c>using</c>
    /// declaration (whose rest of block becomes a <c>try</c>) lies between; or the template jumps with <c>goto</c>,
    /// which may skip the declaration. A local whose initializer creates a closure is given storage too: a field's
    /// assignment is a statement that can copy the boxes the closure captures, and keeps the delegate's target type.
    /// </summary>
    private bool LivesAcrossSuspension(ILocalSymbol local, VariableDeclaratorSyntax declarator)
    {
        SyntaxNode? scope = declarator.FirstAncestorOrSelf<SyntaxNode>(static n => n is BlockSyntax or SwitchSectionSyntax);
        if (scope is null ||
            declarator.Initializer?.Value.DescendantNodesAndSelf().Any(n => n is AnonymousFunctionExpressionSyntax ||
                n is SimpleNameSyntax && Model.GetSymbolInfo(n).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) == true ||
            _context.Syntax.Body!.DescendantNodes(BodyShape.OwnNodes).OfType<GotoStatementSyntax>().Any(static g => g.IsKind(SyntaxKind.GotoStatement)))
        {
            return true;
        }

        if (scope is SwitchSectionSyntax)
        {
            scope = scope.Parent!;
        }

        var uses = scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(id => id.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(Model.GetSymbolInfo(id).Symbol, local))
            .ToList();
        int end = uses.Count == 0 ? declarator.Span.End : Math.Max(declarator.Span.End, uses.Max(static u => u.Span.End));
        bool suspendsBetween = scope.DescendantNodes(BodyShape.OwnNodes)
            .Any(n => n.IsKind(SyntaxKind.YieldReturnStatement) && n.SpanStart >= declarator.SpanStart && n.SpanStart < end);
        bool usingBetween = scope.DescendantNodes(BodyShape.OwnNodes).OfType<LocalDeclarationStatementSyntax>()
            .Any(d => d.UsingKeyword.RawKind != 0 && d.SpanStart > declarator.SpanStart && d.SpanStart < end);
        if (suspendsBetween || usingBetween)
        {
            return true;
        }

        foreach (IdentifierNameSyntax use in uses)
        {
            for (SyntaxNode? n = use.Parent; n is not null && n != scope; n = n.Parent)
            {
                // A loop re-enters its body after suspending; a flattened try is entered by the resume dispatch.
                if (n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or TryStatementSyntax or UsingStatementSyntax &&
                    !n.Span.Contains(declarator.Span) && BodyShape.ContainsYieldReturn(n))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
