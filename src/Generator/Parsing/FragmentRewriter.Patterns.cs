using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>Variables declared inside expressions (<c>out var</c>, deconstruction, patterns) that live in the lowering's storage.</summary>
internal sealed partial class FragmentRewriter
{
    private readonly Dictionary<SyntaxNode, string> _patternDesignations = new();

    private int _patternTemporaries;

    /// <summary><c>out var n</c> / <c>var (a, b) = ...</c> declaring template locals become those locals' holes.</summary>
    public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
    {
        ExpressionSyntax? replaced = DesignationToLocals(node.Designation, node);
        return replaced is null ? base.VisitDeclarationExpression(node) : replaced.WithTriviaFrom(node);
    }

    /// <summary>
    /// A pattern declaring template locals matches into temporaries, then copies them:
    /// <c>o is Point { X: var x } p</c> becomes
    /// <c>(o is Point { X: var __pattern_1 } __pattern_2 &amp;&amp; ((⟨x⟩ = __pattern_1) is var _) &amp;&amp; ((⟨p⟩ = __pattern_2) is var _))</c>.
    /// A top-level <c>not</c> negates the whole test (its variables are assigned when the pattern does not match).
    /// </summary>
    public override SyntaxNode? VisitIsPatternExpression(IsPatternExpressionSyntax node)
    {
        PatternSyntax pattern = node.Pattern;
        bool negated = false;
        if (pattern is UnaryPatternSyntax { Pattern: var inner } unary && unary.OperatorToken.IsKind(SyntaxKind.NotKeyword))
        {
            pattern = inner;
            negated = true;
        }

        var copies = new List<ExpressionSyntax>();
        foreach (SingleVariableDesignationSyntax designation in pattern.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
        {
            if (Model.GetDeclaredSymbol(designation) is ILocalSymbol local && HasStorage(local))
            {
                string temporary = $"__pattern_{_patternTemporaries++}";
                _patternDesignations[designation] = temporary;
                copies.Add(FragmentBuilder.ParseWithHoles($"((__hole0 = {temporary}) is var _)", new LocalPart(_context.LocalId(local), AccessFrom(designation))));
            }
        }

        if (copies.Count == 0)
        {
            return base.VisitIsPatternExpression(node);
        }

        var value = (ExpressionSyntax)Visit(node.Expression)!;
        var rewrittenPattern = (PatternSyntax)Visit(pattern)!;
        ExpressionSyntax test = SyntaxFactory.IsPatternExpression(
            SyntaxFactory.ParenthesizedExpression(value.WithoutTrivia()),
            Spaced(SyntaxKind.IsKeyword),
            rewrittenPattern.WithoutTrivia());
        foreach (ExpressionSyntax copy in copies)
        {
            test = SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression, test, Spaced(SyntaxKind.AmpersandAmpersandToken), copy);
        }

        ExpressionSyntax result = SyntaxFactory.ParenthesizedExpression(test);
        if (negated)
        {
            result = SyntaxFactory.ParenthesizedExpression(SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, result));
        }

        return result.WithTriviaFrom(node);
    }

    private static SyntaxToken Spaced(SyntaxKind kind) =>
        SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), kind, SyntaxFactory.TriviaList(SyntaxFactory.Space));

    public override SyntaxNode? VisitSingleVariableDesignation(SingleVariableDesignationSyntax node)
    {
        if (_patternDesignations.TryGetValue(node, out string? temporary))
        {
            return SyntaxFactory.SingleVariableDesignation(SyntaxFactory.Identifier(temporary)).WithTriviaFrom(node);
        }

        if (Model.GetDeclaredSymbol(node) is ILocalSymbol local && HasStorage(local))
        {
            // Parsing gives a flattened statement's variables storage only where a rewrite above handles them.
            _context.Report(DiagnosticDescriptors.InternalError, node, _context.Method.Name, $"pattern variable '{local.Name}' declared where the generator cannot move it");
        }

        return base.VisitSingleVariableDesignation(node);
    }

    /// <summary>Whether a designation's local is one the lowering stores (not a verbatim local, nor a case label's own name).</summary>
    private bool HasStorage(ILocalSymbol local) => _context.KindOf(local) != LocalKind.Verbatim && !_context.KeepsName(local);

    private ExpressionSyntax? DesignationToLocals(VariableDesignationSyntax designation, SyntaxNode at)
    {
        switch (designation)
        {
            case SingleVariableDesignationSyntax single:
                return Model.GetDeclaredSymbol(single) is ILocalSymbol local && HasStorage(local)
                    ? FragmentBuilder.Hole(new LocalPart(_context.LocalId(local), AccessFrom(at)))
                    : null;
            case DiscardDesignationSyntax:
                return SyntaxFactory.IdentifierName("_");
            case ParenthesizedVariableDesignationSyntax parenthesized:
            {
                var elements = new List<ArgumentSyntax>();
                foreach (VariableDesignationSyntax inner in parenthesized.Variables)
                {
                    ExpressionSyntax? element = DesignationToLocals(inner, at);
                    if (element is null)
                    {
                        return null;
                    }

                    elements.Add(SyntaxFactory.Argument(element));
                }

                return SyntaxFactory.TupleExpression(SyntaxFactory.SeparatedList(elements));
            }

            default:
                return null;
        }
    }
}
