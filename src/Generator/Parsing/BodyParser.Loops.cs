using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary><c>while</c>, <c>do</c> and <c>for</c> loops with a suspension point.</summary>
internal sealed partial class BodyParser
{
    /// <summary><c>while (c) body</c> / <c>do body while (c);</c>: the variables the condition declares are fresh for each evaluation.</summary>
    private BodyStatement ParseWhile(StatementSyntax loop, ExpressionSyntax condition, StatementSyntax body, bool testAfterBody)
    {
        int id = _context.NewJumpTarget(loop);
        (Fragment conditionText, EquatableArray<int> conditionLocals) = ParseCondition(condition, loop);
        BodyStatement parsedBody = ParseStatement(body);
        return new WhileStatement(id, conditionText, conditionLocals, SpanOf(condition), parsedBody, testAfterBody);
    }

    /// <summary>
    /// <c>for (int i = 0, j = 1; c; i++, j++) body</c>: the declared variables are one variable for the whole loop; the
    /// condition's are fresh for each evaluation; the increments run at the continue label.
    /// </summary>
    private BodyStatement ParseFor(ForStatementSyntax forStatement)
    {
        (ForStatement loop, EquatableArray<int> scope) = _context.InScope(() => ParseForCore(forStatement));
        return loop with { ScopeLocals = scope };
    }

    private ForStatement ParseForCore(ForStatementSyntax forStatement)
    {
        var initializers = new List<BodyStatement>();
        if (forStatement.Declaration is { } declaration)
        {
            string declaredType = Rewriter.RewriteText(declaration.Type).Trim();
            var declarators = new List<Declarator>();
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                if (Model.GetDeclaredSymbol(variable) is ILocalSymbol local)
                {
                    int id = _context.Declare(local, LocalKind.Field, declaredType, crossesSuspension: true, variable.Identifier);
                    declarators.Add(new Declarator(id, variable.Initializer is null ? null : InitializerOf(local, variable.Initializer.Value)));
                }
            }

            initializers.Add(new DeclarationStatement(declarators.ToEquatableArray(), SpanOf(declaration)));
        }

        foreach (ExpressionSyntax initializer in forStatement.Initializers)
        {
            DeclareFieldsOf(initializer, forStatement);
            initializers.Add(new CodeStatement(FragmentBuilder.Concat(Expr(initializer), ";"), SpanOf(initializer)));
        }

        int loopId = _context.NewJumpTarget(forStatement);
        (Fragment? condition, EquatableArray<int> conditionLocals) = forStatement.Condition is null
            ? (null, EquatableArray<int>.Empty)
            : ParseCondition(forStatement.Condition, forStatement);
        var increments = new List<CodeStatement>();
        foreach (ExpressionSyntax increment in forStatement.Incrementors)
        {
            DeclareFieldsOf(increment, forStatement);
            increments.Add(new CodeStatement(FragmentBuilder.Concat(Expr(increment), ";"), SpanOf(increment)));
        }

        BodyStatement body = ParseStatement(forStatement.Statement);
        return new ForStatement(loopId, EquatableArray<int>.Empty, initializers.ToEquatableArray(), condition, conditionLocals, increments.ToEquatableArray(),
            SpanOf((SyntaxNode?)forStatement.Condition ?? forStatement), body);
    }

    /// <summary>A loop condition, and the variables it declares (fresh for each evaluation).</summary>
    private (Fragment Condition, EquatableArray<int> Locals) ParseCondition(ExpressionSyntax condition, StatementSyntax loop) =>
        _context.InScope(() =>
        {
            DeclareFieldsOf(condition, loop);
            return Expr(condition);
        });

    private void DeclareFieldsOf(ExpressionSyntax expression, StatementSyntax owner)
    {
        foreach (SingleVariableDesignationSyntax designation in DesignationsOf(expression, owner))
        {
            if (Model.GetDeclaredSymbol(designation) is ILocalSymbol local)
            {
                _context.Declare(local, LocalKind.Field, "var", crossesSuspension: true, designation);
            }
        }
    }
}
