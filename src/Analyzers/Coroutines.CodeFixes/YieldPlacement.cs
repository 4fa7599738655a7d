using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Coroutines.CodeFixes;

/// <summary>
/// Where a fix may put a new <c>yield return</c>, and the syntax helpers that put it there. Every fixer asks
/// <see cref="CanYieldAt"/> (and, when it moves an expression in front of its statement, <see cref="FindHoistStatement"/>)
/// and offers no fix when the answer is no: the diagnostic stays, the code never becomes uncompilable.
/// </summary>
internal static class YieldPlacement
{
    /// <summary>
    /// False where C# forbids <c>yield</c> (CS1626 try-with-catch, CS1631 catch, CS1625 finally, lambdas, anonymous
    /// methods, local functions, query clauses, unsafe and fixed blocks) or where a yield is wrong (a <c>lock</c> body, CORO025).
    /// </summary>
    public static bool CanYieldAt(StatementSyntax statement)
    {
        SyntaxNode previous = statement;
        for (SyntaxNode? node = statement.Parent; node is not null; previous = node, node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case QueryExpressionSyntax:
                case CatchClauseSyntax:
                case FinallyClauseSyntax:
                case LockStatementSyntax:
                case UnsafeStatementSyntax:
                case FixedStatementSyntax:
                    return false;
                case TryStatementSyntax tryStatement when tryStatement.Catches.Count > 0 && previous == tryStatement.Block:
                    return false;
                case MemberDeclarationSyntax:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The statement in front of which <paramref name="expression"/> can be evaluated without changing what runs before
    /// it: it must be the first thing its statement evaluates (whole expression statement, <c>yield return</c> operand,
    /// first local initializer, right side of <c>local = …</c>, receiver, left operand of a non-short-circuit operator,
    /// first argument of a call on a side-effect-free target). Conditions, short-circuit operands, <c>?:</c> branches and
    /// <c>?.</c> chains return null.
    /// </summary>
    public static StatementSyntax? FindHoistStatement(ExpressionSyntax expression)
    {
        SyntaxNode current = expression;
        while (true)
        {
            SyntaxNode? parent = current.Parent;
            switch (parent)
            {
                case ExpressionStatementSyntax statement:
                    return statement;
                case YieldStatementSyntax yieldStatement when yieldStatement.IsKind(SyntaxKind.YieldReturnStatement):
                    return yieldStatement;
                case ParenthesizedExpressionSyntax:
                case CastExpressionSyntax cast when cast.Expression == current:
                case MemberAccessExpressionSyntax memberAccess when memberAccess.Expression == current:
                case InvocationExpressionSyntax invocation when invocation.Expression == current:
                case ElementAccessExpressionSyntax elementAccess when elementAccess.Expression == current:
                case AwaitExpressionSyntax:
                    break;
                case BinaryExpressionSyntax binary when binary.Left == current &&
                    !binary.IsKind(SyntaxKind.LogicalAndExpression) &&
                    !binary.IsKind(SyntaxKind.LogicalOrExpression) &&
                    !binary.IsKind(SyntaxKind.CoalesceExpression):
                    break;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) &&
                    assignment.Right == current && assignment.Left is IdentifierNameSyntax:
                    break;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                    when declarator.Parent is VariableDeclarationSyntax declaration &&
                         declaration.Variables[0] == declarator &&
                         declaration.Parent is LocalDeclarationStatementSyntax local &&
                         !local.IsConst:
                    return local;
                case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.None) &&
                    argument.Parent is ArgumentListSyntax list && list.Arguments[0] == argument &&
                    IsSideEffectFreeCallTarget(list.Parent):
                    // Continue from the call itself: its target was evaluated first and had no side effects.
                    current = list.Parent!;
                    continue;
                default:
                    return null;
            }

            current = parent;
        }
    }

    /// <summary>
    /// Syntactic twin of the CORO002 exemption: an earlier statement of an enclosing block is <c>yield return name;</c>.
    /// Fix All uses it so a second read of the same task does not get a second wait.
    /// </summary>
    public static bool IsYieldedBefore(StatementSyntax statement, string name)
    {
        for (SyntaxNode node = statement; node.Parent is not null && node is not MemberDeclarationSyntax; node = node.Parent)
        {
            if (node.Parent is BlockSyntax block && node is StatementSyntax child)
            {
                int index = block.Statements.IndexOf(child);
                for (int i = 0; i < index; i++)
                {
                    if (block.Statements[i] is YieldStatementSyntax { Expression: IdentifierNameSyntax yielded } &&
                        yielded.Identifier.ValueText == name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Replaces <paramref name="statement"/> by <paramref name="replacement"/>, wrapping in a block if it is an embedded statement.</summary>
    public static SyntaxNode ReplaceStatement(SyntaxNode root, StatementSyntax statement, IReadOnlyList<StatementSyntax> replacement)
    {
        if (replacement.Count == 1)
        {
            return root.ReplaceNode(statement, replacement[0]);
        }

        if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            return root.ReplaceNode(statement, replacement);
        }

        return root.ReplaceNode(
            statement,
            SyntaxFactory.Block(replacement).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>
    /// New statements to put before <paramref name="statement"/>: the first takes over its leading trivia (comments,
    /// indentation), the statement keeps only its indentation.
    /// </summary>
    public static List<StatementSyntax> InsertBefore(StatementSyntax statement, StatementSyntax updated, params StatementSyntax[] inserted)
    {
        SyntaxTriviaList leading = statement.GetLeadingTrivia();
        SyntaxTriviaList indentation = SyntaxFactory.TriviaList(leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
        var result = new List<StatementSyntax>(inserted.Length + 1);
        for (int i = 0; i < inserted.Length; i++)
        {
            result.Add(inserted[i]
                .WithLeadingTrivia(i == 0 ? leading : indentation)
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation));
        }

        result.Add(updated.WithLeadingTrivia(indentation));
        return result;
    }

    /// <summary><c>yield return <paramref name="expression"/>;</c></summary>
    public static YieldStatementSyntax YieldReturn(ExpressionSyntax expression) =>
        SyntaxFactory.YieldStatement(SyntaxKind.YieldReturnStatement, expression.WithoutTrivia());

    /// <summary><c>var <paramref name="name"/> = <paramref name="value"/>;</c></summary>
    public static LocalDeclarationStatementSyntax DeclareVar(string name, ExpressionSyntax value) =>
        SyntaxFactory.LocalDeclarationStatement(
            SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName("var"),
                SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(value.WithoutTrivia())))));

    /// <summary><c><paramref name="name"/>.Result</c>, keeping the trivia of <paramref name="replaced"/>.</summary>
    public static ExpressionSyntax ResultOf(string name, SyntaxNode replaced) =>
        SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName(name),
                SyntaxFactory.IdentifierName("Result"))
            .WithTriviaFrom(replaced);

    /// <summary><c>global::Coroutines.Co.<paramref name="method"/>(args)</c>, marked for simplification (to <c>Sleep(…)</c> under <c>using static Coroutines.Co;</c>).</summary>
    public static ExpressionSyntax CallCo(string method, params ExpressionSyntax[] arguments) =>
        SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::Coroutines.Co." + method).WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(a => SyntaxFactory.Argument(a.WithoutTrivia())))));

    /// <summary>A name based on <paramref name="baseName"/> that no identifier in the enclosing member uses (<c>op</c>, <c>op2</c>, …).</summary>
    public static string UniqueName(SyntaxNode node, string baseName)
    {
        SyntaxNode scope = node.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? node.SyntaxTree.GetRoot();
        var used = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        string name = baseName;
        for (int i = 2; used.Contains(name); i++)
        {
            name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>
    /// True when a <c>ref struct</c> local (Span, ReadOnlySpan…) declared before <paramref name="statement"/> is used at or
    /// after it: a yield there would keep it alive across a suspension point, which C# forbids.
    /// </summary>
    public static bool RefStructLiveAcross(SemanticModel model, StatementSyntax statement, CancellationToken cancellationToken)
    {
        SyntaxNode? body = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (body is null)
        {
            return false;
        }

        foreach (VariableDeclaratorSyntax declarator in body.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (declarator.SpanStart >= statement.SpanStart)
            {
                break;
            }

            if (model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol { Type.IsRefLikeType: true } local &&
                body.DescendantNodes(TextSpanFrom(statement.SpanStart, body.Span.End))
                    .OfType<IdentifierNameSyntax>()
                    .Any(id => id.SpanStart >= statement.SpanStart && id.Identifier.ValueText == local.Name &&
                               SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, local)))
            {
                return true;
            }
        }

        return false;
    }

    private static Microsoft.CodeAnalysis.Text.TextSpan TextSpanFrom(int start, int end) =>
        Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end);

    private static bool IsSideEffectFreeCallTarget(SyntaxNode? call)
    {
        ExpressionSyntax? target = call switch
        {
            InvocationExpressionSyntax invocation => invocation.Expression,
            BaseObjectCreationExpressionSyntax => null,
            _ => null,
        };
        if (call is BaseObjectCreationExpressionSyntax)
        {
            return true;
        }

        return target is not null && IsNameChain(target);
    }

    private static bool IsNameChain(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax or PredefinedTypeSyntax or ThisExpressionSyntax or BaseExpressionSyntax or AliasQualifiedNameSyntax => true,
        MemberAccessExpressionSyntax memberAccess => IsNameChain(memberAccess.Expression),
        _ => false,
    };
}
