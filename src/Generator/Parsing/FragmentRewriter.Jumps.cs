using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Generator.Parsing;

/// <summary>Jumps that leave flattened code become holes; where they land is the lowering's business.</summary>
internal sealed partial class FragmentRewriter
{
    public override SyntaxNode? VisitBreakStatement(BreakStatementSyntax node)
    {
        SyntaxNode? target = JumpTarget(node, includeSwitch: true);
        return target is not null && _context.FlattenedJumpTargets.TryGetValue(target, out int id)
            ? FragmentBuilder.HoleStatement(new JumpPart(JumpKind.Break, id, 0)).WithTriviaFrom(node)
            : base.VisitBreakStatement(node);
    }

    public override SyntaxNode? VisitContinueStatement(ContinueStatementSyntax node)
    {
        SyntaxNode? target = JumpTarget(node, includeSwitch: false);
        return target is not null && _context.FlattenedJumpTargets.TryGetValue(target, out int id)
            ? FragmentBuilder.HoleStatement(new JumpPart(JumpKind.Continue, id, 0)).WithTriviaFrom(node)
            : base.VisitContinueStatement(node);
    }

    /// <summary>
    /// The template's own <c>yield break;</c> finishes the coroutine; one inside a local iterator function (or a
    /// lambda) belongs to that function and stays.
    /// </summary>
    public override SyntaxNode? VisitYieldStatement(YieldStatementSyntax node) =>
        node.IsKind(SyntaxKind.YieldBreakStatement) && BodyShape.EnclosingFunction(node) is null
            ? FragmentBuilder.HoleStatement(new JumpPart(JumpKind.YieldBreak, 0, 0)).WithTriviaFrom(node)
            : base.VisitYieldStatement(node);

    /// <summary><c>goto case c;</c> / <c>goto default;</c> in a flattened switch jump to the section's label.</summary>
    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        if (node.CaseOrDefaultKeyword.RawKind != 0 &&
            node.Ancestors().OfType<SwitchStatementSyntax>().FirstOrDefault() is { } switchStatement &&
            _context.FlattenedSwitches.Contains(switchStatement) &&
            _context.FlattenedJumpTargets.TryGetValue(switchStatement, out int id))
        {
            Optional<object?> value = node.Expression is null ? default : Model.GetConstantValue(node.Expression);
            for (int i = 0; i < switchStatement.Sections.Count; i++)
            {
                foreach (SwitchLabelSyntax label in switchStatement.Sections[i].Labels)
                {
                    bool matches = label switch
                    {
                        DefaultSwitchLabelSyntax => node.Expression is null,
                        CaseSwitchLabelSyntax caseLabel => value.HasValue && node.Expression is not null &&
                            Model.GetConstantValue(caseLabel.Value) is { HasValue: true } caseValue && Equals(caseValue.Value, value.Value),
                        _ => false,
                    };
                    if (matches)
                    {
                        return FragmentBuilder.HoleStatement(new JumpPart(JumpKind.GotoSection, id, i)).WithTriviaFrom(node);
                    }
                }
            }
        }

        return base.VisitGotoStatement(node);
    }

    /// <summary>
    /// <c>{ A; using var r = e; B; }</c> becomes <c>{ A; using (var r = e) { B; } }</c> when the block jumps (a jump out of
    /// flattened code is a <c>goto</c>, and C# forbids a goto before a using declaration in its block). Local functions
    /// of <c>B</c> that use nothing <c>B</c> declares stay in the outer block, where <c>A</c> may call them.
    /// </summary>
    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        var visited = (BlockSyntax)base.VisitBlock(node)!;
        if (!visited.Statements.Any(static s => s is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }) ||
            !(FragmentBuilder.ContainsJump(visited) || visited.DescendantNodes().OfType<GotoStatementSyntax>().Any()))
        {
            return visited;
        }

        var statements = node.Statements.Zip(visited.Statements, static (original, rewritten) => (original, rewritten)).ToList();
        return visited.WithStatements(SyntaxFactory.List(UsingDeclarationsAsStatements(statements)));
    }

    private List<StatementSyntax> UsingDeclarationsAsStatements(List<(StatementSyntax Original, StatementSyntax Rewritten)> statements)
    {
        int index = statements.FindIndex(static s => s.Original is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 });
        if (index < 0)
        {
            return statements.Select(static s => s.Rewritten).ToList();
        }

        var rest = statements.Skip(index + 1).ToList();
        TextSpan scope = TextSpan.FromBounds(statements[index].Original.SpanStart, statements[statements.Count - 1].Original.Span.End);
        var kept = rest.Where(s => s.Original is LocalFunctionStatementSyntax function && !UsesLocalsDeclaredIn(function, scope)).ToList();
        var declaration = (LocalDeclarationStatementSyntax)statements[index].Rewritten;
        BlockSyntax body = SyntaxFactory.Block(UsingDeclarationsAsStatements(rest.Except(kept).ToList()));
        UsingStatementSyntax usingStatement = SyntaxFactory.UsingStatement(declaration.Declaration, null, body)
            .WithAwaitKeyword(declaration.AwaitKeyword)
            .WithLeadingTrivia(declaration.GetLeadingTrivia());
        return statements.Take(index).Select(static s => s.Rewritten)
            .Concat(kept.Select(static s => s.Rewritten))
            .Append(usingStatement.NormalizeWhitespace().WithLeadingTrivia(declaration.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.LineFeed))
            .ToList();
    }

    private bool UsesLocalsDeclaredIn(LocalFunctionStatementSyntax function, TextSpan scope)
    {
        SyntaxNode? body = (SyntaxNode?)function.Body ?? function.ExpressionBody?.Expression;
        DataFlowAnalysis? flow = body is null ? null : Model.AnalyzeDataFlow(body);
        return flow is not { Succeeded: true } || flow.ReadInside.Concat(flow.WrittenInside).OfType<ILocalSymbol>()
            .Any(l => l.DeclaringSyntaxReferences.FirstOrDefault() is { } reference && scope.Contains(reference.Span) && !function.Span.Contains(reference.Span));
    }

    /// <summary>The loop (or switch, for <c>break</c>) a jump leaves, or null when it is inside a lambda of the fragment.</summary>
    private static SyntaxNode? JumpTarget(SyntaxNode jump, bool includeSwitch)
    {
        for (SyntaxNode? n = jump.Parent; n is not null; n = n.Parent)
        {
            switch (n)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    return n;
                case SwitchStatementSyntax when includeSwitch:
                    return n;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
            }
        }

        return null;
    }
}
