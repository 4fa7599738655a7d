using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// Rewrites a fragment of the template so it means the same thing inside the generated nested class:
/// hoisted locals and parameters become fields, <c>this</c> and implicit instance members go through the
/// captured <c>__this</c>, static members and types named by a simple name are <c>global::</c>-qualified (so the
/// members the state machine inherits from <c>Coroutine</c> never shadow them), <c>nameof</c> becomes its
/// constant, and jumps that leave a flattened statement become <c>goto</c>s.
/// </summary>
/// <remarks>
/// Sketch: <c>Console.WriteLine(x + Count); yield break;</c> with <c>x</c> hoisted and <c>Count</c> an
/// instance property becomes <c>global::System.Console.WriteLine(__x_1 + __this.Count); goto __exit;</c>.
/// The semantic model is always queried on the original node, before the base visit rebuilds it.
/// </remarks>
internal sealed class TemplateRewriter : CSharpSyntaxRewriter
{
    private readonly TemplateContext _context;

    public TemplateRewriter(TemplateContext context)
        : base(visitIntoStructuredTrivia: false) => _context = context;

    /// <summary>The fully qualified spelling of a type, nullable annotations included.</summary>
    public static string TypeText(ITypeSymbol type) => SymbolText.TypeText(type);

    public string Rewrite(SyntaxNode node) => Visit(node)!.ToString();

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (AsBoxedDelegate(node) is { } lambda)
        {
            return SyntaxFactory.ParseExpression(lambda).WithTriviaFrom(node);
        }

        string? replacement = ReplacementFor(node, node.Identifier.ValueText);
        return replacement is null ? base.VisitIdentifierName(node) : Parse(node, replacement);
    }

    public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
    {
        if (AsBoxedDelegate(node) is { } lambda)
        {
            return SyntaxFactory.ParseExpression(lambda).WithTriviaFrom(node);
        }

        string? prefix = QualifierFor(node);
        var visited = (GenericNameSyntax)base.VisitGenericName(node)!;
        return prefix is null ? visited : Parse(node, prefix + visited.WithoutTrivia().ToString());
    }

    /// <summary>Types and namespaces parse as names (they may sit in a type position), members as expressions.</summary>
    private SyntaxNode Parse(SimpleNameSyntax node, string text) =>
        (SymbolOf(node) is INamespaceOrTypeSymbol ? SyntaxFactory.ParseName(text) : SyntaxFactory.ParseExpression(text)).WithTriviaFrom(node);

    /// <summary>
    /// <c>{Math.Max(a, b)}</c> becomes <c>{(global::System.Math.Max(a, b))}</c>: in a hole, a <c>:</c> outside
    /// parentheses starts the format clause, so a bare <c>global::</c> would end the expression after <c>global</c>.
    /// </summary>
    public override SyntaxNode? VisitInterpolation(InterpolationSyntax node)
    {
        var visited = (InterpolationSyntax)base.VisitInterpolation(node)!;
        return visited.Expression.ToString().Contains("::")
            ? visited.WithExpression(SyntaxFactory.ParenthesizedExpression(visited.Expression.WithoutTrivia()).WithTriviaFrom(visited.Expression))
            : visited;
    }

    public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node) =>
        SyntaxFactory.IdentifierName(GeneratedNames.This).WithTriviaFrom(node);

    public override SyntaxNode? VisitBaseExpression(BaseExpressionSyntax node)
    {
        // Member access through base is rewritten by VisitMemberAccessExpression; what reaches here is not (base[i], events).
        _context.Report(DiagnosticDescriptors.NotSupportedYet, node, "this base access (indexer or event) in a coroutine template");
        return base.VisitBaseExpression(node);
    }

    /// <summary>
    /// <c>base.Speak(n)</c> becomes <c>__this.__Talk_Coroutine_base_Speak_0(n)</c>, a generated member of the
    /// containing type that calls the base member non-virtually (the state machine is another class, so it cannot say
    /// <c>base</c> itself); <c>base.Name</c> goes through a generated property with the same accessors. A base field is
    /// reached through a generated ref-returning property (<c>private ref string __Talk_Coroutine_base_tag_2 =&gt; ref base.tag;</c>).
    /// </summary>
    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        if (node.Expression is not BaseExpressionSyntax || _context.Method.IsStatic)
        {
            return base.VisitMemberAccessExpression(node);
        }

        SymbolInfo info = _context.Model.GetSymbolInfo(node);
        ISymbol? symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        string? replacement = symbol switch
        {
            IFieldSymbol { IsStatic: false } field => BaseAccessor("F:" + field.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), field.Name, name =>
                $"private ref {(field.IsReadOnly ? "readonly " : string.Empty)}{TypeText(field.Type)} {name} => ref base.{field.Name};"),
            IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method => BaseMethodAccessor(method, node),
            IPropertySymbol { IsStatic: false, IsIndexer: false } property => BasePropertyAccessor(property),
            _ => null,
        };
        if (replacement is null)
        {
            return base.VisitMemberAccessExpression(node);
        }

        return SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(node);
    }

    private string? BaseMethodAccessor(IMethodSymbol method, SyntaxNode at)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || MentionsTemplateTypeParameter(method))
        {
            _context.Report(DiagnosticDescriptors.NotSupportedYet, at, $"base call of '{method.Name}' returning by reference or using the template's type parameters");
            return null;
        }

        string key = "M:" + method.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" + string.Join(",", method.Parameters.Select(static p => p.RefKind + " " + TypeText(p.Type))) + ")";
        return BaseAccessor(key, method.Name, name =>
        {
            string parameters = string.Join(", ", method.Parameters.Select((p, i) =>
                $"{RefKindText(p.RefKind)}{(p.IsParams ? "params " : string.Empty)}{TypeText(p.Type)} __a{i}{DefaultValueText(p)}"));
            string arguments = string.Join(", ", method.Parameters.Select((p, i) =>
                $"{(p.RefKind is RefKind.In or RefKind.RefReadOnlyParameter ? "in " : RefKindText(p.RefKind))}__a{i}"));
            string typeArguments = method.TypeArguments.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeArguments.Select(TypeText)) + ">";
            string returnType = method.ReturnsVoid ? "void" : TypeText(method.ReturnType);
            return $"private {returnType} {name}({parameters}) => base.{method.Name}{typeArguments}({arguments});";
        });
    }

    private string? BasePropertyAccessor(IPropertySymbol property)
    {
        string key = "P:" + property.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return BaseAccessor(key, property.Name, name =>
        {
            string getter = property.GetMethod is null ? string.Empty : $" get => base.{property.Name};";
            string setter = property.SetMethod is { IsInitOnly: false } ? $" set => base.{property.Name} = value;" : string.Empty;
            return $"private {TypeText(property.Type)} {name} {{{getter}{setter} }}";
        });
    }

    private string BaseAccessor(string key, string memberName, Func<string, string> declaration)
    {
        if (!_context.BaseAccessorNames.TryGetValue(key, out string? name))
        {
            name = $"{_context.ClassName}_base_{memberName}_{_context.BaseAccessorNames.Count}";
            _context.BaseAccessorNames.Add(key, name);
            _context.BaseAccessors.Add(declaration(name));
        }

        return $"{GeneratedNames.This}.{name}";
    }

    private bool MentionsTemplateTypeParameter(IMethodSymbol method) =>
        _context.Method.TypeParameters.Length > 0 &&
        method.TypeArguments.Concat(method.Parameters.Select(static p => p.Type)).Append(method.ReturnType).Any(t => Mentions(t));

    private bool Mentions(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } => true,
        IArrayTypeSymbol array => Mentions(array.ElementType),
        IPointerTypeSymbol pointer => Mentions(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(Mentions),
        _ => false,
    };

    /// <summary><c> = 3</c> for an optional parameter, so a call that omits it still binds.</summary>
    private static string DefaultValueText(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return parameter.IsOptional ? " = default!" : string.Empty;
        }

        object? value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return " = default!";
        }

        string literal = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
        return parameter.Type.TypeKind == TypeKind.Enum || value is float or double or decimal or long or ulong or uint or short or ushort or byte or sbyte or char
            ? $" = ({TypeText(parameter.Type)})({(value is decimal ? literal + "m" : value is float ? literal + "f" : value is double ? literal + "d" : literal)})"
            : " = " + literal;
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (node.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } &&
            _context.Model.GetConstantValue(node) is { HasValue: true, Value: string name })
        {
            return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(node);
        }

        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        return WithBoxArguments(node, visited);
    }

    public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
    {
        // `out var n` / `var (a, b) = ...` declaring hoisted locals: the fields are already declared.
        ExpressionSyntax? replaced = DesignationToFields(node.Designation);
        return replaced is null ? base.VisitDeclarationExpression(node) : replaced.WithTriviaFrom(node);
    }

    /// <summary>
    /// A pattern declaring hoisted variables matches into temporaries, then copies them to the fields:
    /// <c>o is Point { X: var x } p</c> becomes
    /// <c>(o is Point { X: var __pattern_1 } __pattern_2 &amp;&amp; ((__x_3 = __pattern_1) is var _) &amp;&amp; ((__p_4 = __pattern_2) is var _))</c>.
    /// A top-level <c>not</c> negates the whole test (its variables are assigned when the pattern does not match).
    /// Property, positional, list, <c>and</c> and declaration patterns all work this way.
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

        var copies = new List<string>();
        foreach (SingleVariableDesignationSyntax designation in pattern.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
        {
            if (_context.Model.GetDeclaredSymbol(designation) is ILocalSymbol local && _context.HoistedField(local) is { } field)
            {
                string temporary = $"__pattern_{_patternTemporaries++}";
                _patternDesignations[designation] = temporary;
                copies.Add($"(({field} = {temporary}) is var _)");
            }
        }

        if (copies.Count == 0)
        {
            return base.VisitIsPatternExpression(node);
        }

        string value = Visit(node.Expression)!.ToString();
        string test = $"{value} is {Visit(pattern)!.ToString().Trim()} && {string.Join(" && ", copies)}";
        return SyntaxFactory.ParseExpression(negated ? $"(!({test}))" : $"({test})").WithTriviaFrom(node);
    }

    private readonly Dictionary<SyntaxNode, string> _patternDesignations = new();

    private int _patternTemporaries;

    public override SyntaxNode? VisitSingleVariableDesignation(SingleVariableDesignationSyntax node)
    {
        if (_patternDesignations.TryGetValue(node, out string? temporary))
        {
            return SyntaxFactory.SingleVariableDesignation(SyntaxFactory.Identifier(temporary)).WithTriviaFrom(node);
        }

        if (_context.Model.GetDeclaredSymbol(node) is ILocalSymbol local && _context.HoistedField(local) is not null)
        {
            _context.Report(DiagnosticDescriptors.NotSupportedYet, node, $"pattern variable '{local.Name}' in this position");
        }

        return base.VisitSingleVariableDesignation(node);
    }

    public override SyntaxNode? VisitAnonymousObjectMemberDeclarator(AnonymousObjectMemberDeclaratorSyntax node)
    {
        // `new { x }` infers the member name from `x`; keep it when `x` is renamed to a field.
        if (node.NameEquals is null && node.Expression is IdentifierNameSyntax id && ReplacementFor(id, id.Identifier.ValueText) is not null)
        {
            var visited = (AnonymousObjectMemberDeclaratorSyntax)base.VisitAnonymousObjectMemberDeclarator(node)!;
            return visited.WithNameEquals(SyntaxFactory.NameEquals(id.Identifier.ValueText));
        }

        return base.VisitAnonymousObjectMemberDeclarator(node);
    }

    public override SyntaxNode? VisitArgument(ArgumentSyntax node)
    {
        // `(x, y)` infers element names from `x` and `y`; keep them when they are renamed to fields.
        if (node.Parent is TupleExpressionSyntax tuple && node.NameColon is null &&
            node.Expression is IdentifierNameSyntax id && ReplacementFor(id, id.Identifier.ValueText) is not null &&
            !(tuple.Parent is AssignmentExpressionSyntax assignment && assignment.Left == tuple))
        {
            var visited = (ArgumentSyntax)base.VisitArgument(node)!;
            return visited.WithNameColon(SyntaxFactory.NameColon(id.Identifier.ValueText));
        }

        return base.VisitArgument(node);
    }

    public override SyntaxNode? VisitBreakStatement(BreakStatementSyntax node)
    {
        SyntaxNode? target = JumpTarget(node, includeSwitch: true);
        return target is not null && _context.FlattenedJumpTargets.TryGetValue(target, out int id)
            ? Goto(GeneratedNames.BreakLabel(id), node)
            : base.VisitBreakStatement(node);
    }

    public override SyntaxNode? VisitContinueStatement(ContinueStatementSyntax node)
    {
        SyntaxNode? target = JumpTarget(node, includeSwitch: false);
        return target is not null && _context.FlattenedJumpTargets.TryGetValue(target, out int id)
            ? Goto(GeneratedNames.ContinueLabel(id), node)
            : base.VisitContinueStatement(node);
    }

    public override SyntaxNode? VisitYieldStatement(YieldStatementSyntax node) =>
        node.IsKind(SyntaxKind.YieldBreakStatement)
            ? SyntaxFactory.ParseStatement(GeneratedNames.YieldBreak).WithTriviaFrom(node)
            : base.VisitYieldStatement(node);

    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        // `goto case c;` / `goto default;` in a flattened switch jump to the section's label.
        if (node.CaseOrDefaultKeyword.RawKind != 0 &&
            node.Ancestors().OfType<SwitchStatementSyntax>().FirstOrDefault() is { } switchStatement &&
            _context.FlattenedSwitches.TryGetValue(switchStatement, out int id))
        {
            Optional<object?> value = node.Expression is null ? default : _context.Model.GetConstantValue(node.Expression);
            for (int i = 0; i < switchStatement.Sections.Count; i++)
            {
                foreach (SwitchLabelSyntax label in switchStatement.Sections[i].Labels)
                {
                    bool matches = label switch
                    {
                        DefaultSwitchLabelSyntax => node.Expression is null,
                        CaseSwitchLabelSyntax caseLabel => value.HasValue && node.Expression is not null &&
                            _context.Model.GetConstantValue(caseLabel.Value) is { HasValue: true } caseValue && Equals(caseValue.Value, value.Value),
                        _ => false,
                    };
                    if (matches)
                    {
                        return Goto(GeneratedNames.SwitchSectionLabel(id, i), node);
                    }
                }
            }
        }

        return base.VisitGotoStatement(node);
    }

    /// <summary>
    /// <c>{ A; using var r = e; B; }</c> becomes <c>{ A; using (var r = e) { B; } }</c> when the block jumps (a
    /// rewritten <c>break</c> or <c>continue</c> is a <c>goto</c>, and C# forbids a goto before a using declaration).
    /// </summary>
    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        var visited = (BlockSyntax)base.VisitBlock(node)!;
        if (!visited.Statements.Any(static s => s is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }) ||
            !visited.DescendantNodes().OfType<GotoStatementSyntax>().Any())
        {
            return visited;
        }

        return visited.WithStatements(SyntaxFactory.List(UsingDeclarationsAsStatements(visited.Statements.ToList())));
    }

    private static List<StatementSyntax> UsingDeclarationsAsStatements(List<StatementSyntax> statements)
    {
        int index = statements.FindIndex(static s => s is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 });
        if (index < 0)
        {
            return statements;
        }

        var declaration = (LocalDeclarationStatementSyntax)statements[index];
        BlockSyntax rest = SyntaxFactory.Block(UsingDeclarationsAsStatements(statements.Skip(index + 1).ToList()));
        UsingStatementSyntax usingStatement = SyntaxFactory.UsingStatement(declaration.Declaration, null, rest)
            .WithAwaitKeyword(declaration.AwaitKeyword)
            .WithLeadingTrivia(declaration.GetLeadingTrivia());
        return statements.Take(index).Append(usingStatement.NormalizeWhitespace().WithLeadingTrivia(declaration.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.LineFeed)).ToList();
    }

    public override SyntaxNode? VisitUnsafeStatement(UnsafeStatementSyntax node)
    {
        _context.Report(DiagnosticDescriptors.UnsafeCode, node.UnsafeKeyword);
        return base.VisitUnsafeStatement(node);
    }

    private static StatementSyntax Goto(string label, StatementSyntax node) =>
        SyntaxFactory.ParseStatement($"goto {label};").WithTriviaFrom(node);

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

    private ExpressionSyntax? DesignationToFields(VariableDesignationSyntax designation)
    {
        switch (designation)
        {
            case SingleVariableDesignationSyntax single:
                return _context.Model.GetDeclaredSymbol(single) is ILocalSymbol local && _context.HoistedField(local) is { } field
                    ? SyntaxFactory.IdentifierName(field)
                    : null;
            case DiscardDesignationSyntax:
                return SyntaxFactory.IdentifierName("_");
            case ParenthesizedVariableDesignationSyntax parenthesized:
            {
                var elements = new List<ArgumentSyntax>();
                foreach (VariableDesignationSyntax inner in parenthesized.Variables)
                {
                    ExpressionSyntax? element = DesignationToFields(inner);
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

    /// <summary>What a simple name must become in the nested class, or null to keep it.</summary>
    private string? ReplacementFor(SimpleNameSyntax node, string text)
    {
        if (node is IdentifierNameSyntax { IsVar: true } || IsNameOnlyPosition(node))
        {
            return null;
        }

        ISymbol? symbol = SymbolOf(node);
        switch (symbol)
        {
            case ILocalSymbol local:
                string? field = _context.HoistedField(local);
                if (_context.BoxField(local) is { } box && OutermostFunction(node) is { } function)
                {
                    // A closure keeps the box of the scope entry that created it: a lambda copies it when it is made,
                    // a local function receives it as a parameter.
                    field = BoxArgument(box, function, node) + ".Value";
                }

                if (field is not null && _context.AnonymousWitnesses.TryGetValue(local, out string? witness) &&
                    !(node.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assigned && assigned.Left == node))
                {
                    // The field is an object; a read gets the anonymous type back from the witness.
                    return $"__As({field}, static () => {witness})";
                }

                return field;
            case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _context.Method):
                return GeneratedNames.ParameterField(parameter.Name);
            default:
                string? prefix = QualifierFor(node);
                return prefix is null ? null : prefix + text;
        }
    }

    /// <summary>The text to put before a simple name that binds to a type, namespace or member outside the body.</summary>
    private string? QualifierFor(SimpleNameSyntax node)
    {
        if (IsNameOnlyPosition(node))
        {
            return null;
        }

        ISymbol? symbol = SymbolOf(node);
        switch (symbol)
        {
            case INamespaceSymbol ns:
                return ns.IsGlobalNamespace || node is GenericNameSyntax ? null : "global::" + QualifiedNamespace(ns.ContainingNamespace);
            case INamedTypeSymbol type when type.TypeKind is not TypeKind.Error && !type.IsNativeIntegerType && !type.IsAnonymousType && !type.IsTupleType:
                return type.ContainingType is { } outer
                    ? TypeText(outer) + "."
                    : "global::" + QualifiedNamespace(type.ContainingNamespace);
            case IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.Constructor or MethodKind.AnonymousFunction }:
                return null;
            case IMethodSymbol or IFieldSymbol or IPropertySymbol or IEventSymbol when symbol.ContainingType is not null:
                if (symbol.IsStatic || symbol is IFieldSymbol { IsConst: true })
                {
                    return TypeText(symbol.ContainingType) + ".";
                }

                return _context.Method.IsStatic ? null : GeneratedNames.This + ".";
            default:
                return null;
        }
    }

    private static string QualifiedNamespace(INamespaceSymbol? ns) =>
        ns is null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)) + ".";

    private ISymbol? SymbolOf(SimpleNameSyntax node)
    {
        SymbolInfo info = _context.Model.GetSymbolInfo(node);
        if (info.Symbol is not null)
        {
            return info.Symbol;
        }

        // A method group whose overload is chosen later still has one containing type and static-ness.
        return info.CandidateSymbols.Length > 0 && info.CandidateSymbols.All(c => c.IsStatic == info.CandidateSymbols[0].IsStatic)
            ? info.CandidateSymbols[0]
            : null;
    }

    /// <summary>Positions where a simple name is not looked up in the enclosing scopes, so it must stay as written.</summary>
    private static bool IsNameOnlyPosition(SimpleNameSyntax node) => node.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Name == node,
        MemberBindingExpressionSyntax => true,
        QualifiedNameSyntax qualified => qualified.Right == node,
        AliasQualifiedNameSyntax => true,
        NameColonSyntax or NameEqualsSyntax or ExpressionColonSyntax => true,
        AssignmentExpressionSyntax assignment => assignment.Left == node && assignment.Parent is InitializerExpressionSyntax
        {
            RawKind: (int)SyntaxKind.ObjectInitializerExpression or (int)SyntaxKind.WithInitializerExpression,
        },
        _ => node.Ancestors().Any(a => a is ExpressionColonSyntax or AttributeSyntax),
    };

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => string.Empty,
    };

    /// <summary>The outermost lambda or local function around <paramref name="node"/> in the template, or null.</summary>
    private static SyntaxNode? OutermostFunction(SyntaxNode node) =>
        node.Ancestors().LastOrDefault(static a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary>
    /// How code inside <paramref name="function"/> (the outermost one around it, or null) names the box
    /// <paramref name="box"/>: the field outside functions; <c>__c{box}</c> inside, a copy made by the statement
    /// that creates the lambda (registered here) or the local function's box parameter.
    /// </summary>
    private string BoxArgument(string box, SyntaxNode? function, SyntaxNode at)
    {
        if (function is null)
        {
            return box;
        }

        if (function is AnonymousFunctionExpressionSyntax)
        {
            if (!_context.CapturesAllowed)
            {
                _context.Report(DiagnosticDescriptors.NotSupportedYet, at, "a lambda capturing a hoisted local here");
            }

            _context.LambdaCaptures.Add(box);
        }

        return "__c" + box;
    }

    /// <summary>A local function of the template (not nested in another function) that takes box parameters, or null.</summary>
    private IMethodSymbol? BoxedLocalFunction(SyntaxNode node)
    {
        if (_context.Model.GetSymbolInfo(node).Symbol is not IMethodSymbol { MethodKind: MethodKind.LocalFunction } method ||
            method.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not LocalFunctionStatementSyntax declaration ||
            !BodyShape.IsOutermostFunction(declaration) || _context.BoxesOf(method).Count == 0)
        {
            return null;
        }

        return method;
    }

    /// <summary>
    /// <c>string Show() =&gt; $"copy {copy}";</c> with <c>copy</c> a captured hoisted local becomes
    /// <c>string Show(StrongBox&lt;int&gt; __c__copy_3) =&gt; $"copy {__c__copy_3.Value}";</c>.
    /// </summary>
    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (!BodyShape.IsOutermostFunction(node) || _context.Model.GetDeclaredSymbol(node) is not IMethodSymbol symbol)
        {
            return visited;
        }

        List<string> boxes = _context.BoxesOf(symbol);
        if (boxes.Count == 0)
        {
            return visited;
        }

        IEnumerable<ParameterSyntax> boxParameters = boxes.Select(b =>
            SyntaxFactory.Parameter(SyntaxFactory.Identifier("__c" + b)).WithType(SyntaxFactory.ParseTypeName(_context.BoxTypes[b] + " ")));
        return visited.WithParameterList(visited.ParameterList.WithParameters(
            SyntaxFactory.SeparatedList(boxParameters.Concat(visited.ParameterList.Parameters))));
    }

    /// <summary>A call of a local function with box parameters passes the boxes first: <c>Show()</c> becomes <c>Show(__copy_3)</c>.</summary>
    private SyntaxNode? WithBoxArguments(InvocationExpressionSyntax original, InvocationExpressionSyntax visited)
    {
        if (BoxedLocalFunction(original.Expression) is not { } method)
        {
            return visited;
        }

        SyntaxNode? function = OutermostFunction(original);
        IEnumerable<ArgumentSyntax> boxes = _context.BoxesOf(method).Select(b => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(BoxArgument(b, function, original))));
        return visited.WithArgumentList(visited.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(boxes.Concat(visited.ArgumentList.Arguments))));
    }

    /// <summary>
    /// A local function with box parameters used as a delegate (<c>fs.Add(Show)</c>) becomes a lambda that passes
    /// the boxes of this moment: <c>fs.Add(() =&gt; Show(__c__copy_3))</c>, as the compiler's delegate keeps its closure.
    /// </summary>
    private string? AsBoxedDelegate(SimpleNameSyntax node)
    {
        if (node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node || BoxedLocalFunction(node) is not { } method)
        {
            return null;
        }

        SyntaxNode? function = OutermostFunction(node);
        if (function is null)
        {
            // The lambda written here is the closure: it copies the boxes in the enclosing statement.
            if (!_context.CapturesAllowed)
            {
                _context.Report(DiagnosticDescriptors.NotSupportedYet, node, "a local function capturing a hoisted local used as a delegate here");
            }

            foreach (string box in _context.BoxesOf(method))
            {
                _context.LambdaCaptures.Add(box);
            }
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            _context.Report(DiagnosticDescriptors.NotSupportedYet, node, $"local function '{method.Name}' returning by reference and capturing a hoisted local, used as a delegate");
        }

        string parameters = string.Join(", ", method.Parameters.Select((p, i) => $"{RefKindText(p.RefKind)}{TypeText(p.Type)} __a{i}"));
        string arguments = string.Join(", ", _context.BoxesOf(method).Select(b => function is null ? "__c" + b : BoxArgument(b, function, node))
            .Concat(method.Parameters.Select((p, i) => $"{(p.RefKind is RefKind.In or RefKind.RefReadOnlyParameter ? "in " : RefKindText(p.RefKind))}__a{i}")));
        string typeArguments = method.TypeArguments.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeArguments.Select(TypeText)) + ">";
        return $"(({parameters}) => {method.Name}{typeArguments}({arguments}))";
    }
}
