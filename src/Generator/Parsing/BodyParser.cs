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
/// <c>yield return</c> keeps its structure (it will be flattened into labels and gotos); any other statement
/// becomes rewritten text. Locals declared at a flattened level move into fields (they may live across a
/// suspension point, and a <c>goto</c> into their scope would skip their declaration).
/// </summary>
internal sealed partial class BodyParser
{
    private readonly TemplateContext _context;

    public BodyParser(TemplateContext context) => _context = context;

    /// <summary>
    /// Finds the locals lambdas and local functions capture, before any of them is hoisted, and what each local
    /// function of the template uses from outside (locals and other local functions), for its box parameters.
    /// </summary>
    public void FindCapturedLocals(BlockSyntax body)
    {
        foreach (SyntaxNode function in body.DescendantNodes().Where(static n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            DataFlowAnalysis? flow = function is LocalFunctionStatementSyntax { Body: { } block }
                ? _context.Model.AnalyzeDataFlow(block)
                : function is LocalFunctionStatementSyntax { ExpressionBody: { } arrow } ? _context.Model.AnalyzeDataFlow(arrow.Expression)
                : _context.Model.AnalyzeDataFlow(function);
            if (flow is not { Succeeded: true })
            {
                continue;
            }

            var outside = flow.CapturedInside.Concat(flow.ReadInside).Concat(flow.WrittenInside).OfType<ILocalSymbol>()
                .Where(l => !function.Span.Contains(l.Locations.FirstOrDefault()?.SourceSpan ?? default))
                .Distinct<ILocalSymbol>(SymbolEqualityComparer.Default)
                .ToList();
            _context.SetCaptured(outside);
            if (function is LocalFunctionStatementSyntax localFunction && BodyShape.IsOutermostFunction(localFunction) &&
                _context.Model.GetDeclaredSymbol(localFunction) is IMethodSymbol symbol)
            {
                var named = localFunction.DescendantNodes().OfType<SimpleNameSyntax>()
                    .Select(n => _context.Model.GetSymbolInfo(n).Symbol)
                    .OfType<IMethodSymbol>()
                    .Where(static m => m.MethodKind == MethodKind.LocalFunction)
                    .Select(static m => m.OriginalDefinition)
                    .Distinct<IMethodSymbol>(SymbolEqualityComparer.Default)
                    .ToList();
                _context.LocalFunctionUses[symbol.OriginalDefinition] = (outside, named);
            }
        }
    }

    private string? _checkedKeyword;

    /// <summary>Boxes of the variables the loop being parsed declares in its condition (created by each evaluation).</summary>
    private List<string> _conditionBoxes = new();

    /// <summary><c>cond</c> becomes <c>(((__k_1 = new StrongBox&lt;int&gt;()) is var _) &amp;&amp; (cond))</c> when it declares captured variables.</summary>
    private string WithConditionBoxes(string condition)
    {
        List<string> boxes = _conditionBoxes;
        _conditionBoxes = new List<string>();
        return boxes.Count == 0
            ? condition
            : "(" + string.Concat(boxes.Select(static b => $"(({b.TrimEnd(';')}) is var _) && ")) + $"({condition}))";
    }

    private TemplateRewriter Rewriter => _context.Rewriter;

    /// <summary>A rewritten expression, in the <c>checked</c>/<c>unchecked</c> context it was written in.</summary>
    private string Expr(ExpressionSyntax expression)
    {
        string text = Rewriter.Rewrite(expression);
        return _checkedKeyword is null ? text : $"{_checkedKeyword}({text})";
    }

    /// <summary>Rewritten statements, in the <c>checked</c>/<c>unchecked</c> context they were written in.</summary>
    private string InCheckedContext(string statements) =>
        _checkedKeyword is null || statements.Length == 0 ? statements : $"{_checkedKeyword} {{ {statements} }}";

    public BodyStatement ParseBody(BlockSyntax body) => ParseBlock(body.Statements);

    /// <summary>
    /// A block: the boxes of the captured locals it declares are created at its start, once per entry, as the
    /// compiler creates a closure environment per entry of a scope (a loop body is entered once per iteration; a
    /// backward <c>goto</c> inside the block, or a resumption, does not enter it again). A switch owns the boxes of
    /// its sections (<paramref name="ownsBoxes"/> false there).
    /// </summary>
    private BlockStatement ParseBlock(IReadOnlyList<StatementSyntax> statements, bool ownsBoxes = true)
    {
        int boxesBefore = _context.PendingBoxes.Count;
        HoistLocalsDeclaredAfterTheirLocalFunctions(statements);
        var result = new List<BodyStatement>();
        for (int i = 0; i < statements.Count; i++)
        {
            StatementSyntax statement = statements[i];
            if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } usingDeclaration)
            {
                // `using var r = e; rest` is `using (var r = e) { rest }`; the rest is still this block's scope.
                result.Add(ParseUsing(usingDeclaration.Declaration, null, usingDeclaration, () => ParseBlock(statements.Skip(i + 1).ToList(), ownsBoxes: false), usingDeclaration.AwaitKeyword));
                break;
            }

            result.Add(ParseStatementCore(statement));
        }

        List<string> boxes = ownsBoxes ? _context.TakePendingBoxes(boxesBefore) : new List<string>();
        if (boxes.Count > 0)
        {
            result.Insert(0, new CodeStatement(string.Join(" ", boxes), SpanOf(statements[0])));
        }

        return new BlockStatement(result.ToEquatableArray());
    }

    /// <summary>
    /// A local function may use a local of its block declared after it (<c>int G() =&gt; F(); int x = 1; int F() =&gt;
    /// x;</c>). Its box parameters are named after the boxes' fields, so such a captured local gets its field before
    /// the block's statements are parsed; its box is still created at the block's start. Locals that need more than
    /// a plain field (anonymous types, ref locals, reserved names) keep the declaration order and its diagnostics.
    /// </summary>
    private void HoistLocalsDeclaredAfterTheirLocalFunctions(IReadOnlyList<StatementSyntax> statements)
    {
        for (int j = 0; j < statements.Count; j++)
        {
            if (statements[j] is not LocalFunctionStatementSyntax function || !BodyShape.IsOutermostFunction(function) ||
                _context.Model.GetDeclaredSymbol(function) is not IMethodSymbol method)
            {
                continue;
            }

            foreach (ILocalSymbol local in _context.LocalsUsedBy(method))
            {
                if (!_context.IsCaptured(local) || _context.IsHoisted(local) || local.Name.StartsWith("__", StringComparison.Ordinal) ||
                    local.RefKind != RefKind.None || local.Type.IsRefLikeType || local.Type.ContainsAnonymousType() || local.Type.TypeKind == TypeKind.Error)
                {
                    continue;
                }

                for (int k = j + 1; k < statements.Count; k++)
                {
                    if (statements[k] is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, IsConst: false } declaration &&
                        declaration.Declaration.Variables.Any(v => SymbolEqualityComparer.Default.Equals(_context.Model.GetDeclaredSymbol(v), local)))
                    {
                        _context.Hoist(local);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>An embedded statement (a branch, a loop body): its own scope, so the boxes it declares come first.</summary>
    private BodyStatement ParseStatement(StatementSyntax statement)
    {
        int boxesBefore = _context.PendingBoxes.Count;
        BodyStatement parsed = ParseStatementCore(statement);
        return WithBoxes(parsed, _context.TakePendingBoxes(boxesBefore), statement);
    }

    private static BodyStatement WithBoxes(BodyStatement parsed, List<string> boxes, SyntaxNode at) =>
        boxes.Count == 0
            ? parsed
            : new BlockStatement(new BodyStatement[] { new CodeStatement(string.Join(" ", boxes), SpanOf(at)), parsed }.ToEquatableArray());

    /// <summary>Runs a rewrite whose lambdas may capture boxes, and wraps its text in a block copying them.</summary>
    private string WithLambdaCaptures(Func<string> rewrite)
    {
        (string text, List<string> boxes) = _context.CollectLambdaCaptures(rewrite);
        if (boxes.Count == 0)
        {
            return text;
        }

        string copies = string.Join(" ", boxes.Select(static b => $"var __c{b} = {b};"));
        return $"{{ {copies} {text} }}";
    }

    /// <summary>
    /// An expression of flattened control flow (a condition, a <c>yield return</c> operand, a collection) whose
    /// lambdas capture boxes: there is no statement to copy them in, so <c>cond</c> becomes
    /// <c>((Func&lt;StrongBox&lt;int&gt;, bool&gt;)((__c__v_1) =&gt; cond))(__v_1)</c>. The parameter is a fresh variable
    /// per evaluation, so each lambda keeps the box of the iteration that created it.
    /// </summary>
    private string FlatExpr(ExpressionSyntax expression)
    {
        (string text, List<string> boxes) = _context.CollectLambdaCaptures(() => Expr(expression));
        if (boxes.Count == 0)
        {
            return text;
        }

        TypeInfo info = _context.Model.GetTypeInfo(expression);
        ITypeSymbol? type = info.Type is { TypeKind: not TypeKind.Error } natural ? natural : info.ConvertedType;
        if (boxes.Count > 15 || type is null || type.TypeKind == TypeKind.Error || type.ContainsAnonymousType() || type.IsRefLikeType)
        {
            _context.Report(DiagnosticDescriptors.NotSupportedYet, expression, "a lambda capturing a loop variable in an expression of this type, or in more than 15 such variables");
            return text;
        }

        string types = string.Join(", ", boxes.Select(b => _context.BoxTypes[b]).Append(TemplateRewriter.TypeText(type)));
        return $"((global::System.Func<{types}>)(({string.Join(", ", boxes.Select(static b => "__c" + b))}) => {text}))({string.Join(", ", boxes)})";
    }

    /// <summary>A statement at a flattened level: directly in a flattened block or a branch of flattened control flow.</summary>
    private BodyStatement ParseStatementCore(StatementSyntax statement)
    {
        bool flattened = BodyShape.ContainsYieldReturn(statement);
        int boxesBefore = _context.PendingBoxes.Count;
        if (flattened && statement is ForStatementSyntax { Condition: { } forCondition })
        {
            // The condition's variables first, so their boxes can be told apart from the for declaration's.
            foreach (SingleVariableDesignationSyntax designation in forCondition.DescendantNodesAndSelf(static n => n is not AnonymousFunctionExpressionSyntax).OfType<SingleVariableDesignationSyntax>())
            {
                if (designation.FirstAncestorOrSelf<SwitchExpressionArmSyntax>() is null && _context.Model.GetDeclaredSymbol(designation) is ILocalSymbol local)
                {
                    HoistLocal(local, designation);
                }
            }

            _conditionBoxes = _context.TakePendingBoxes(boxesBefore);
        }

        HoistExpressionVariables(statement, flattened);
        if (flattened && statement is WhileStatementSyntax or DoStatementSyntax)
        {
            // Variables a loop condition declares are fresh for each evaluation (each iteration), as in the compiler.
            _conditionBoxes = _context.TakePendingBoxes(boxesBefore);
        }
        if (!flattened)
        {
            return statement switch
            {
                LocalDeclarationStatementSyntax declaration => ParseDeclaration(declaration.Declaration, declaration, mayStayLocal: true),
                LabeledStatementSyntax labeled => new BlockStatement(new BodyStatement[]
                {
                    new LabelStatement(GeneratedNames.UserLabel(labeled.Identifier.ValueText)),
                    ParseStatementCore(labeled.Statement),
                }.ToEquatableArray()),
                _ => Code(statement),
            };
        }

        switch (statement)
        {
            case BlockSyntax block:
                return ParseBlock(block.Statements);
            case YieldStatementSyntax yieldReturn:
                return new YieldReturnStatement(FlatExpr(yieldReturn.Expression!), yieldReturn.Expression!.ToString(), SpanOf(yieldReturn));
            case IfStatementSyntax ifStatement:
                return new IfStatement(
                    FlatExpr(ifStatement.Condition),
                    SpanOf(ifStatement.Condition),
                    ParseStatement(ifStatement.Statement),
                    ifStatement.Else is null ? null : ParseStatement(ifStatement.Else.Statement));
            case WhileStatementSyntax whileStatement:
                return ParseLoop(whileStatement, whileStatement.Condition, whileStatement.Statement, testAfterBody: false);
            case DoStatementSyntax doStatement:
                return ParseLoop(doStatement, doStatement.Condition, doStatement.Statement, testAfterBody: true);
            case ForStatementSyntax forStatement:
                return ParseFor(forStatement);
            case ForEachStatementSyntax forEach:
                return ParseForEach(forEach);
            case ForEachVariableStatementSyntax forEachVariable:
                return ParseForEach(forEachVariable);
            case TryStatementSyntax { Catches.Count: 0, Finally: not null } tryFinally:
                return new TryFinallyStatement(ParseStatement(tryFinally.Block), Code(tryFinally.Finally.Block));
            case UsingStatementSyntax usingStatement:
                return ParseUsing(usingStatement.Declaration, usingStatement.Expression, usingStatement, () => ParseStatement(usingStatement.Statement), usingStatement.AwaitKeyword);
            case LabeledStatementSyntax labeled:
                return new BlockStatement(new BodyStatement[]
                {
                    new LabelStatement(GeneratedNames.UserLabel(labeled.Identifier.ValueText)),
                    ParseStatementCore(labeled.Statement),
                }.ToEquatableArray());
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
                return new BlockStatement(EquatableArray<BodyStatement>.Empty);
            case UnsafeStatementSyntax unsafeStatement:
                _context.Report(DiagnosticDescriptors.UnsafeCode, unsafeStatement.UnsafeKeyword);
                return new BlockStatement(EquatableArray<BodyStatement>.Empty);
            case TryStatementSyntax tryStatement:
                return NotSupported(tryStatement.TryKeyword, "try with catch");
            default:
                return NotSupported(statement, statement.Kind().ToString());
        }
    }

    private BlockStatement NotSupported(SyntaxNodeOrToken at, string what)
    {
        _context.Report(DiagnosticDescriptors.NotSupportedYet, at, what);
        return new BlockStatement(EquatableArray<BodyStatement>.Empty);
    }

    private CodeStatement Code(StatementSyntax statement) =>
        new(statement is LocalFunctionStatementSyntax ? Rewriter.Rewrite(statement) : InCheckedContext(WithLambdaCaptures(() => Rewriter.Rewrite(statement))), SpanOf(statement));

    /// <summary><c>int a = 1, b;</c> at a flattened level becomes <c>__a_1 = 1;</c> (fields declared by the emitter).</summary>
    private CodeStatement ParseDeclaration(VariableDeclarationSyntax declaration, SyntaxNode spanNode, bool mayStayLocal)
    {
        var assignments = new List<string>();
        bool isConst = declaration.Parent is LocalDeclarationStatementSyntax { IsConst: true };
        foreach (VariableDeclaratorSyntax variable in declaration.Variables)
        {
            if (_context.Model.GetDeclaredSymbol(variable) is not ILocalSymbol local)
            {
                continue;
            }

            if (mayStayLocal && (isConst || (!_context.IsCaptured(local) && !LivesAcrossSuspension(local, variable))))
            {
                // `int x = e;` whose value never crosses a suspension point stays a local: `int __x_1 = e;`.
                if (local.Name.StartsWith("__", StringComparison.Ordinal))
                {
                    _context.Report(DiagnosticDescriptors.ReservedName, variable.Identifier, local.Name);
                }

                string name = _context.Rename(local);
                string value = variable.Initializer is null ? string.Empty : " = " + InitializerText(local, variable.Initializer.Value);
                assignments.Add(InCheckedContext($"{(isConst ? "const " : string.Empty)}{Rewriter.Rewrite(declaration.Type).Trim()} {name}{value};"));
                continue;
            }

            string? field = HoistLocal(local, variable.Identifier);
            if (field is not null && variable.Initializer is { } initializer)
            {
                assignments.Add(WithLambdaCaptures(() => $"{field} = {InitializerText(local, initializer.Value)};"));
            }
        }

        return new CodeStatement(string.Join(" ", assignments), SpanOf(spanNode));
    }

    /// <summary>
    /// Whether the value of a local declared at a flattened level may be read after a suspension point: a
    /// <c>yield return</c> lies between its declaration and its last use, or a use sits in a loop (not containing
    /// the declaration) that suspends, or the template jumps backwards with <c>goto</c>. Captured locals, lambdas in
    /// the initializer and <c>using</c> variables are always hoisted.
    /// </summary>
    private bool LivesAcrossSuspension(ILocalSymbol local, VariableDeclaratorSyntax declarator)
    {
        SyntaxNode? scope = declarator.FirstAncestorOrSelf<SyntaxNode>(static n => n is BlockSyntax or SwitchSectionSyntax);
        SyntaxNode? body = declarator.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Body;
        if (scope is null || body is null ||
            declarator.Initializer?.Value.DescendantNodesAndSelf().Any(n => n is AnonymousFunctionExpressionSyntax ||
                n is SimpleNameSyntax && _context.Model.GetSymbolInfo(n).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) == true ||
            body.DescendantNodes().OfType<GotoStatementSyntax>().Any(static g => g.IsKind(SyntaxKind.GotoStatement)))
        {
            return true;
        }

        if (scope is SwitchSectionSyntax)
        {
            scope = scope.Parent!;
        }

        var uses = scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(id => id.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_context.Model.GetSymbolInfo(id).Symbol, local))
            .ToList();
        int end = uses.Count == 0 ? declarator.Span.End : Math.Max(declarator.Span.End, uses.Max(static u => u.Span.End));
        bool suspendsBetween = scope.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n.IsKind(SyntaxKind.YieldReturnStatement) && n.SpanStart >= declarator.SpanStart && n.SpanStart < end);
        bool usingBetween = scope.DescendantNodes().OfType<LocalDeclarationStatementSyntax>()
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

    private string InitializerText(ILocalSymbol local, ExpressionSyntax value) =>
        value is InitializerExpressionSyntax arrayInitializer
            ? $"new {TemplateRewriter.TypeText(local.Type)} {Rewriter.Rewrite(arrayInitializer)}"
            : Expr(value);

    /// <summary>Moves <paramref name="local"/> to a field, or reports why it cannot live in one.</summary>
    private string? HoistLocal(ILocalSymbol local, SyntaxNodeOrToken at)
    {
        if (local.Name.StartsWith("__", StringComparison.Ordinal))
        {
            _context.Report(DiagnosticDescriptors.ReservedName, at, local.Name);
        }

        if (local.RefKind != RefKind.None || local.Type.IsRefLikeType)
        {
            _context.Report(DiagnosticDescriptors.RefLocalAcrossSuspension, at, local.Name);
            return null;
        }

        if (local.Type.ContainsAnonymousType())
        {
            if (local.Type.IsValueType || Witness(local.Type) is not { } witness)
            {
                // A value type (a tuple holding an anonymous object) would be copied out of its object field on each use.
                _context.Report(DiagnosticDescriptors.NotSupportedYet, at, $"a local of a value type or nested generic type holding an anonymous type ('{local.Name}')");
                return null;
            }

            string asHelper = "private static T __As<T>(object? value, global::System.Func<T> witness) => (T)value!;";
            if (!_context.MachineHelpers.Contains(asHelper))
            {
                _context.MachineHelpers.Add(asHelper);
            }

            _context.AnonymousWitnesses[local] = witness;
            return _context.Hoist(local, "object?");
        }

        return _context.Hoist(local);
    }

    /// <summary>
    /// An expression of <paramref name="type"/> that names it without spelling it: <c>new { Name = default(string)!, N =
    /// default(int)! }</c> for an anonymous type, <c>new[] { w }</c> for an array, and for a generic type a generated
    /// helper that takes witnesses of its arguments (<c>__Witness_0(static () =&gt; w)</c> of type <c>List&lt;T&gt;</c>).
    /// Null when the type cannot be named this way.
    /// </summary>
    private string? Witness(ITypeSymbol type)
    {
        if (!type.ContainsAnonymousType())
        {
            return $"default({TemplateRewriter.TypeText(type)})!";
        }

        switch (type)
        {
            case INamedTypeSymbol { IsAnonymousType: true } anonymous:
            {
                var members = new List<string>();
                foreach (IPropertySymbol property in anonymous.GetMembers().OfType<IPropertySymbol>())
                {
                    if (Witness(property.Type) is not { } member)
                    {
                        return null;
                    }

                    members.Add($"{property.Name} = {member}");
                }

                return $"new {{ {string.Join(", ", members)} }}";
            }

            case IArrayTypeSymbol { IsSZArray: true } array:
                return Witness(array.ElementType) is { } element ? $"new[] {{ {element} }}" : null;
            case INamedTypeSymbol { IsGenericType: true, ContainingType: null or { IsGenericType: false } } generic:
            {
                string definition = TemplateRewriter.TypeText(generic.OriginalDefinition);
                string prefix = definition.Substring(0, definition.IndexOf('<'));
                var typeArguments = new List<string>();
                var typeParameters = new List<string>();
                var witnesses = new List<string>();
                foreach (ITypeSymbol argument in generic.TypeArguments)
                {
                    if (!argument.ContainsAnonymousType())
                    {
                        typeArguments.Add(TemplateRewriter.TypeText(argument));
                        continue;
                    }

                    if (Witness(argument) is not { } inner)
                    {
                        return null;
                    }

                    string parameter = $"__T{typeParameters.Count}";
                    typeParameters.Add(parameter);
                    typeArguments.Add(parameter);
                    witnesses.Add($"static () => {inner}");
                }

                string name = $"__Witness_{_context.MachineHelpers.Count}";
                string parameters = string.Join(", ", typeParameters.Select((p, i) => $"global::System.Func<{p}> _{i}"));
                _context.MachineHelpers.Add($"private static {prefix}<{string.Join(", ", typeArguments)}> {name}<{string.Join(", ", typeParameters)}>({parameters}) => default!;");
                return $"{name}({string.Join(", ", witnesses)})";
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// Expression variables (<c>out var x</c>, <c>is T x</c>, <c>var (a, b) = ...</c>) declared by a statement at a
    /// flattened level go to fields when their scope is the enclosing block (declarations, expression statements,
    /// <c>if</c> conditions) or when the statement itself is flattened.
    /// </summary>
    private void HoistExpressionVariables(StatementSyntax statement, bool flattened)
    {
        bool leaksToBlock = statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or IfStatementSyntax
            or YieldStatementSyntax or ThrowStatementSyntax or ReturnStatementSyntax;
        if (!flattened && !leaksToBlock)
        {
            return;
        }

        foreach (SyntaxNode node in statement.DescendantNodes(n => n == statement || n is not (StatementSyntax or AnonymousFunctionExpressionSyntax)))
        {
            if (node is SingleVariableDesignationSyntax designation &&
                node.FirstAncestorOrSelf<StatementSyntax>() == statement &&
                node.FirstAncestorOrSelf<SwitchExpressionArmSyntax>() is null &&
                _context.Model.GetDeclaredSymbol(designation) is ILocalSymbol local)
            {
                HoistLocal(local, designation);
            }
        }
    }

    private static SourceSpan SpanOf(SyntaxNode node)
    {
        FileLinePositionSpan span = node.GetLocation().GetLineSpan();
        return new SourceSpan(span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);
    }

    private int NewJumpTarget(SyntaxNode node)
    {
        int id = _context.NextJumpTargetId++;
        _context.FlattenedJumpTargets[node] = id;
        return id;
    }
}

/// <summary>Symbol helpers for parsing.</summary>
internal static class TypeSymbolExtensions
{
    public static bool ContainsAnonymousType(this ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => true,
        IArrayTypeSymbol array => array.ElementType.ContainsAnonymousType(),
        INamedTypeSymbol named => named.TypeArguments.Any(static t => t.ContainsAnonymousType()),
        _ => false,
    };
}
