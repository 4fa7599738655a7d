using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// Turns the template body into the <see cref="BodyStatement"/> tree. A statement that contains a
/// <c>yield return</c> keeps its structure (the lowering flattens it into labels and gotos); any other statement
/// becomes a <see cref="Fragment"/>. Locals declared at a flattened level are recorded with the facts that decide
/// where they live; which of them become fields is the lowering's decision.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly TemplateContext _context;

    /// <summary><c>checked</c> or <c>unchecked</c> around the statements being parsed, or null.</summary>
    private string? _checkedKeyword;

    public BodyParser(TemplateContext context) => _context = context;

    private FragmentRewriter Rewriter => _context.Rewriter;

    private SemanticModel Model => _context.Model;

    public BodyStatement ParseBody(BlockSyntax body) => ParseBlock(body.Statements);

    /// <summary>
    /// A block: its own scope (the boxes of the captured locals it declares are made once per entry, as the compiler
    /// makes a closure environment per entry of a scope). A switch section's statements are in the switch's scope
    /// (<paramref name="ownScope"/> false).
    /// </summary>
    private BodyStatement ParseBlock(IReadOnlyList<StatementSyntax> statements, bool ownScope = true)
    {
        List<BodyStatement> Parse()
        {
            var result = new List<BodyStatement>();
            for (int i = 0; i < statements.Count; i++)
            {
                if (statements[i] is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } usingDeclaration)
                {
                    // `using var r = e; rest` is `using (var r = e) { rest }`, and the rest is still this block's scope.
                    int next = i + 1;
                    result.Add(ParseUsingDeclaration(usingDeclaration, () => new BlockStatement(EquatableArray<int>.Empty, ParseStatements(statements, next).ToEquatableArray())));
                    break;
                }

                result.Add(ParseStatementCore(statements[i]));
            }

            return result;
        }

        if (!ownScope)
        {
            return new BlockStatement(EquatableArray<int>.Empty, Parse().ToEquatableArray());
        }

        (List<BodyStatement> parsed, EquatableArray<int> locals) = _context.InScope(Parse);
        return new BlockStatement(locals, parsed.ToEquatableArray());
    }

    /// <summary>The statements from <paramref name="from"/> on, in the enclosing scope.</summary>
    private List<BodyStatement> ParseStatements(IReadOnlyList<StatementSyntax> statements, int from) =>
        ((BlockStatement)ParseBlock(statements.Skip(from).ToList(), ownScope: false)).Statements.ToList();

    /// <summary>An embedded statement (a branch, a loop body): its own scope.</summary>
    private BodyStatement ParseStatement(StatementSyntax statement)
    {
        (BodyStatement parsed, EquatableArray<int> locals) = _context.InScope(() => ParseStatementCore(statement));
        return locals.Length == 0 && parsed is BlockStatement ? parsed : new BlockStatement(locals, new[] { parsed }.ToEquatableArray());
    }

    /// <summary>A statement at a flattened level: directly in a flattened block or a branch of flattened control flow.</summary>
    private BodyStatement ParseStatementCore(StatementSyntax statement)
    {
        bool flattened = BodyShape.ContainsYieldReturn(statement);
        DeclareExpressionVariables(statement, flattened);
        if (!flattened)
        {
            return statement switch
            {
                LocalDeclarationStatementSyntax declaration => ParseDeclaration(declaration),
                LocalFunctionStatementSyntax localFunction when _context.IsAtFlattenedLevel(localFunction) && Model.GetDeclaredSymbol(localFunction) is IMethodSymbol symbol
                    && _context.FunctionId(symbol) is int id => new LocalFunctionStatement(id, Rewriter.Rewrite(localFunction), SpanOf(localFunction)),
                LabeledStatementSyntax labeled => Labeled(labeled),
                _ => Code(statement),
            };
        }

        switch (statement)
        {
            case BlockSyntax block:
                return ParseBlock(block.Statements);
            case YieldStatementSyntax yieldReturn:
                return new YieldReturnStatement(Expr(yieldReturn.Expression!), yieldReturn.Expression!.ToString(), SpanOf(yieldReturn));
            case IfStatementSyntax ifStatement:
                return new IfStatement(
                    Expr(ifStatement.Condition),
                    SpanOf(ifStatement.Condition),
                    ParseStatement(ifStatement.Statement),
                    ifStatement.Else is null ? null : ParseStatement(ifStatement.Else.Statement));
            case WhileStatementSyntax whileStatement:
                return ParseWhile(whileStatement, whileStatement.Condition, whileStatement.Statement, testAfterBody: false);
            case DoStatementSyntax doStatement:
                return ParseWhile(doStatement, doStatement.Condition, doStatement.Statement, testAfterBody: true);
            case ForStatementSyntax forStatement:
                return ParseFor(forStatement);
            case CommonForEachStatementSyntax forEach:
                return ParseForEach(forEach);
            case TryStatementSyntax { Catches.Count: 0, Finally: not null } tryFinally:
                return new TryFinallyStatement(ParseStatement(tryFinally.Block), CodeText(tryFinally.Finally.Block), SpanOf(tryFinally.Finally.Block));
            case UsingStatementSyntax usingStatement:
                return ParseUsingStatement(usingStatement);
            case LabeledStatementSyntax labeled:
                return Labeled(labeled);
            case SwitchStatementSyntax switchStatement:
                return ParseSwitch(switchStatement);
            case CheckedStatementSyntax checkedStatement:
            {
                // checked { ... } around flattened code: each piece of code inside keeps the context.
                string? outer = _checkedKeyword;
                _checkedKeyword = checkedStatement.Keyword.ValueText;
                try
                {
                    return ParseBlock(checkedStatement.Block.Statements);
                }
                finally
                {
                    _checkedKeyword = outer;
                }
            }

            case LockStatementSyntax lockStatement:
                _context.Report(DiagnosticDescriptors.LockAcrossSuspension, lockStatement.LockKeyword);
                return Empty;
            default:
                // The compiler rejects every other statement with a suspension point (try/catch, unsafe, fixed), and a
                // template it rejects never reaches this parser.
                _context.Report(DiagnosticDescriptors.InternalError, statement, _context.Method.Name, $"unexpected {statement.Kind()} with a suspension point");
                return Empty;
        }
    }

    private static BlockStatement Empty => new(EquatableArray<int>.Empty, EquatableArray<BodyStatement>.Empty);

    private BodyStatement Labeled(LabeledStatementSyntax labeled) =>
        new BlockStatement(EquatableArray<int>.Empty, new BodyStatement[]
        {
            new LabelStatement(labeled.Identifier.Text),
            ParseStatementCore(labeled.Statement),
        }.ToEquatableArray());

    private CodeStatement Code(StatementSyntax statement) => new(CodeText(statement), SpanOf(statement));

    /// <summary>A statement rewritten, in the <c>checked</c>/<c>unchecked</c> context it was written in.</summary>
    private Fragment CodeText(StatementSyntax statement)
    {
        Fragment text = Rewriter.Rewrite(statement);
        return _checkedKeyword is null ? text : FragmentBuilder.Concat($"{_checkedKeyword} {{ ", text, " }");
    }

    /// <summary>An expression rewritten, in the <c>checked</c>/<c>unchecked</c> context it was written in.</summary>
    private Fragment Expr(ExpressionSyntax expression)
    {
        Fragment text = Rewriter.Rewrite(expression);
        return _checkedKeyword is null ? text : FragmentBuilder.Concat($"{_checkedKeyword}(", text, ")");
    }

    /// <summary>
    /// <c>int a = 1, b;</c> at a flattened level: each variable is declared (a MoveNext local or storage, as the hoisting
    /// plan decides); <c>const</c> ones become constants of the state machine.
    /// </summary>
    private BodyStatement ParseDeclaration(LocalDeclarationStatementSyntax declaration)
    {
        var declarators = new List<Declarator>();
        LocalKind kind = declaration.IsConst ? LocalKind.Const : LocalKind.Declared;
        string declaredType = Rewriter.RewriteText(declaration.Declaration.Type).Trim();
        foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
        {
            if (Model.GetDeclaredSymbol(variable) is not ILocalSymbol local)
            {
                continue;
            }

            int id = _context.Declare(local, kind, declaredType, kind == LocalKind.Declared && LivesAcrossSuspension(local, variable), variable.Identifier);
            declarators.Add(new Declarator(id, variable.Initializer is null ? null : InitializerOf(local, variable.Initializer.Value)));
        }

        return new DeclarationStatement(declarators.ToEquatableArray(), SpanOf(declaration));
    }

    /// <summary>An initializer as an expression: <c>{ 1, 2 }</c> of an array becomes <c>new int[] { 1, 2 }</c>.</summary>
    private Fragment InitializerOf(ILocalSymbol local, ExpressionSyntax value) =>
        value is InitializerExpressionSyntax arrayInitializer
            ? FragmentBuilder.Concat($"new {SymbolText.TypeText(local.Type)} ", Rewriter.Rewrite(arrayInitializer))
            : Expr(value);

    /// <summary>
    /// Expression variables (<c>out var x</c>, <c>is T x</c>, <c>var (a, b) = ...</c>) declared by a statement at a
    /// flattened level need storage when their scope is the enclosing block (declarations, expression statements,
    /// <c>if</c> conditions…) or when the statement itself is flattened.
    /// </summary>
    private void DeclareExpressionVariables(StatementSyntax statement, bool flattened)
    {
        bool leaksToBlock = statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or IfStatementSyntax
            or YieldStatementSyntax or ThrowStatementSyntax or ReturnStatementSyntax;
        if (!flattened && !leaksToBlock || statement is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
        {
            // A loop condition's variables are declared by the loop (fresh per evaluation).
            return;
        }

        foreach (SingleVariableDesignationSyntax designation in DesignationsOf(statement, statement))
        {
            if (Model.GetDeclaredSymbol(designation) is ILocalSymbol local)
            {
                _context.Declare(local, LocalKind.Field, "var", crossesSuspension: true, designation);
            }
        }
    }

    /// <summary>The variables <paramref name="node"/> declares itself: not in nested statements, lambdas or switch expression arms.</summary>
    private static IEnumerable<SingleVariableDesignationSyntax> DesignationsOf(SyntaxNode node, StatementSyntax owner) =>
        node.DescendantNodesAndSelf(n => n == node || n is not (StatementSyntax or AnonymousFunctionExpressionSyntax))
            .OfType<SingleVariableDesignationSyntax>()
            .Where(d => d.FirstAncestorOrSelf<StatementSyntax>() == owner && d.FirstAncestorOrSelf<SwitchExpressionArmSyntax>() is null);

    private static SourceSpan SpanOf(SyntaxNode node)
    {
        FileLinePositionSpan span = node.GetLocation().GetLineSpan();
        return new SourceSpan(span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);
    }
}
