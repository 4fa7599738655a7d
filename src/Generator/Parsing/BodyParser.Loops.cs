using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>Loops with a suspension point.</summary>
internal sealed partial class BodyParser
{
    /// <summary><c>while (c) body</c> / <c>do body while (c);</c> keep their shape; the lowering adds the labels.</summary>
    private BodyStatement ParseLoop(StatementSyntax loop, ExpressionSyntax condition, StatementSyntax body, bool testAfterBody)
    {
        int id = NewJumpTarget(loop);
        string conditionText = WithConditionBoxes(FlatExpr(condition));
        BodyStatement parsedBody = ParseStatement(body);
        return new LoopStatement(id, conditionText, SpanOf(condition), parsedBody, EquatableArray<BodyStatement>.Empty, testAfterBody);
    }

    /// <summary>
    /// <c>for (int i = 0, j = 1; c; i++, j++) body</c> becomes <c>__i_1 = 0; __j_2 = 1;</c> and a loop whose
    /// increments run at its continue label. The declared variables are one variable for the whole loop.
    /// </summary>
    private BodyStatement ParseFor(ForStatementSyntax forStatement)
    {
        // The for statement is the scope of its variables: their boxes are created once, before the loop.
        int boxesBefore = _context.PendingBoxes.Count;
        var statements = new List<BodyStatement>();
        if (forStatement.Declaration is { } declaration)
        {
            statements.Add(ParseDeclaration(declaration, declaration, mayStayLocal: false));
        }

        List<string> boxes = _context.TakePendingBoxes(boxesBefore);
        if (boxes.Count > 0)
        {
            statements.Insert(0, new CodeStatement(string.Join(" ", boxes), SpanOf(forStatement.Declaration!)));
        }

        foreach (ExpressionSyntax initializer in forStatement.Initializers)
        {
            statements.Add(new CodeStatement(InCheckedContext(WithLambdaCaptures(() => Rewriter.Rewrite(initializer) + ";")), SpanOf(initializer)));
        }

        int id = NewJumpTarget(forStatement);
        string? condition = forStatement.Condition is null ? null : WithConditionBoxes(FlatExpr(forStatement.Condition));
        var increments = forStatement.Incrementors
            .Select(i => (BodyStatement)new CodeStatement(InCheckedContext(WithLambdaCaptures(() => Rewriter.Rewrite(i) + ";")), SpanOf(i)))
            .ToEquatableArray();
        BodyStatement body = ParseStatement(forStatement.Statement);
        statements.Add(new LoopStatement(id, condition, SpanOf((SyntaxNode?)forStatement.Condition ?? forStatement.ForKeyword.Parent!), body, increments, TestAfterBody: false));
        return new BlockStatement(statements.ToEquatableArray());
    }
}

