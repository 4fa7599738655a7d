using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// Rewrites a piece of the template so it means the same thing inside the generated nested class, leaving holes for
/// what the lowering decides: template locals (<see cref="LocalPart"/>), the boxes closures pass
/// (<see cref="BoxArgumentsPart"/>, <see cref="BoxParametersPart"/>), local functions that become members, and
/// jumps out of flattened code (<see cref="JumpPart"/>). Parameters become their fields, <c>this</c> and implicit
/// instance members go through the captured <c>__this</c>, static members and types named by a simple name are
/// <c>global::</c>-qualified (so the members the state machine inherits from <c>Coroutine</c> never shadow them),
/// and <c>nameof</c> becomes its constant.
/// </summary>
/// <remarks>
/// Sketch: <c>Console.WriteLine(x + Count); break;</c> with <c>x</c> a template local and <c>Count</c> an instance
/// property becomes <c>global::System.Console.WriteLine(⟨x⟩ + __this.Count); ⟨break loop 2⟩</c>. The semantic model
/// is always queried on the original node, before the base visit rebuilds it.
/// </remarks>
internal sealed partial class FragmentRewriter : CSharpSyntaxRewriter
{
    private readonly TemplateContext _context;

    public FragmentRewriter(TemplateContext context)
        : base(visitIntoStructuredTrivia: false) => _context = context;

    private SemanticModel Model => _context.Model;

    /// <summary><paramref name="node"/> rewritten, as text with holes.</summary>
    public Fragment Rewrite(SyntaxNode node) => FragmentBuilder.ToFragment(Visit(node)!);

    /// <summary>A type (or anything else without holes) rewritten, as text.</summary>
    public string RewriteText(SyntaxNode node) => Rewrite(node).ToString();

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (DelegateOfLocalFunction(node) is { } closure)
        {
            return closure.WithTriviaFrom(node);
        }

        if (IsNameOnlyPosition(node) || node.IsVar)
        {
            return base.VisitIdentifierName(node);
        }

        switch (SymbolOf(node))
        {
            case ILocalSymbol local when _context.IsTemplateLocal(local) && !_context.KeepsName(local):
                return FragmentBuilder.Hole(new LocalPart(_context.LocalId(local), AccessFrom(node))).WithTriviaFrom(node);
            case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _context.Method):
                return SyntaxFactory.IdentifierName(GeneratedNames.ParameterField(parameter.Name)).WithTriviaFrom(node);
            case IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } parameter
                when PrimaryConstructorParameterAccessor(parameter, node) is { } accessor:
                return SyntaxFactory.ParseExpression(accessor).WithTriviaFrom(node);
            case IMethodSymbol { MethodKind: MethodKind.LocalFunction } function when _context.IsMemberFunction(function):
                return FragmentBuilder.Hole(new FunctionNamePart(_context.FunctionId(function)!.Value)).WithTriviaFrom(node);
        }

        string? prefix = QualifierFor(node);
        return prefix is null ? base.VisitIdentifierName(node) : Parse(node, prefix + node.Identifier.Text);
    }

    public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
    {
        if (DelegateOfLocalFunction(node) is { } closure)
        {
            return closure.WithTriviaFrom(node);
        }

        var visited = (GenericNameSyntax)base.VisitGenericName(node)!;
        if (!IsNameOnlyPosition(node) && SymbolOf(node) is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function && _context.IsMemberFunction(function))
        {
            return visited.WithIdentifier(FragmentBuilder.HoleToken(new FunctionNamePart(_context.FunctionId(function)!.Value)));
        }

        string? prefix = QualifierFor(node);
        return prefix is null ? visited : Parse(node, prefix + visited.WithoutTrivia().ToString());
    }

    /// <summary>Types and namespaces parse as names (they may sit in a type position), members as expressions.</summary>
    private SyntaxNode Parse(SimpleNameSyntax node, string text) =>
        (SymbolOf(node) is INamespaceOrTypeSymbol ? SyntaxFactory.ParseName(text) : SyntaxFactory.ParseExpression(text)).WithTriviaFrom(node);

    /// <summary>
    /// <c>{Math.Max(a, b)}</c> becomes <c>{(global::System.Math.Max(a, b))}</c>: in a hole, a <c>:</c> outside
    /// parentheses starts the format clause, so a bare <c>global::</c> would end the expression after <c>global</c>.
    /// A local of an anonymous type is read through a helper whose witness may say <c>global::</c> too.
    /// </summary>
    public override SyntaxNode? VisitInterpolation(InterpolationSyntax node)
    {
        var visited = (InterpolationSyntax)base.VisitInterpolation(node)!;
        bool anonymousLocal = node.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Any(n => Model.GetSymbolInfo(n).Symbol is ILocalSymbol local && _context.IsTemplateLocal(local) && local.Type.ContainsAnonymousType());
        return visited.Expression.ToString().Contains("::") || anonymousLocal
            ? visited.WithExpression(SyntaxFactory.ParenthesizedExpression(visited.Expression.WithoutTrivia()).WithTriviaFrom(visited.Expression))
            : visited;
    }

    public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node) =>
        SyntaxFactory.IdentifierName(GeneratedNames.This).WithTriviaFrom(node);

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (node.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } &&
            Model.GetConstantValue(node) is { HasValue: true, Value: string name })
        {
            return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(node);
        }

        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        return WithBoxArguments(node, visited);
    }

    public override SyntaxNode? VisitAnonymousObjectMemberDeclarator(AnonymousObjectMemberDeclaratorSyntax node)
    {
        // `new { x }` infers the member name from `x`; keep it when `x` becomes a hole.
        if (node.NameEquals is null && node.Expression is IdentifierNameSyntax id &&
            Model.GetSymbolInfo(id).Symbol is ILocalSymbol local && _context.IsTemplateLocal(local))
        {
            var visited = (AnonymousObjectMemberDeclaratorSyntax)base.VisitAnonymousObjectMemberDeclarator(node)!;
            return visited.WithNameEquals(SyntaxFactory.NameEquals(id.Identifier.ValueText));
        }

        return base.VisitAnonymousObjectMemberDeclarator(node);
    }

    /// <summary>
    /// <c>(x, y)</c> infers element names from <c>x</c> and <c>y</c>; where the compiler kept such a name, keep it when the
    /// element becomes a hole. It drops duplicates (<c>(w, w)</c>) and reserved names, so those stay unnamed, and a
    /// tuple converted to a target with other names needs none (an explicit name there would be warned about).
    /// </summary>
    public override SyntaxNode? VisitArgument(ArgumentSyntax node)
    {
        if (node.Parent is TupleExpressionSyntax tuple && node.NameColon is null &&
            node.Expression is IdentifierNameSyntax id && Model.GetSymbolInfo(id).Symbol is ILocalSymbol local && _context.IsTemplateLocal(local) &&
            !(tuple.Parent is AssignmentExpressionSyntax assignment && assignment.Left == tuple) &&
            Model.GetTypeInfo(tuple) is { Type: INamedTypeSymbol { IsTupleType: true } tupleType } typeInfo &&
            typeInfo.ConvertedType is INamedTypeSymbol { IsTupleType: true } convertedType &&
            tupleType.TupleElements[tuple.Arguments.IndexOf(node)].Name == id.Identifier.ValueText &&
            convertedType.TupleElements[tuple.Arguments.IndexOf(node)].Name == id.Identifier.ValueText)
        {
            var visited = (ArgumentSyntax)base.VisitArgument(node)!;
            return visited.WithNameColon(SyntaxFactory.NameColon(id.Identifier.ValueText));
        }

        return base.VisitArgument(node);
    }

    public override SyntaxNode? VisitUnsafeStatement(UnsafeStatementSyntax node)
    {
        _context.Report(DiagnosticDescriptors.UnsafeCode, node.UnsafeKeyword);
        return base.VisitUnsafeStatement(node);
    }

    /// <summary>How a reference at <paramref name="node"/> reaches a captured local's box.</summary>
    private static ClosureAccess AccessFrom(SyntaxNode node) => OutermostFunction(node) switch
    {
        null => ClosureAccess.Direct,
        LocalFunctionStatementSyntax => ClosureAccess.FunctionParameter,
        _ => ClosureAccess.StatementCopy,
    };

    /// <summary>The outermost lambda or local function around <paramref name="node"/> in the template, or null.</summary>
    private static SyntaxNode? OutermostFunction(SyntaxNode node) =>
        node.Ancestors().LastOrDefault(static a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

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
                    ? SymbolText.TypeText(outer) + "."
                    : "global::" + QualifiedNamespace(type.ContainingNamespace);
            case IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.Constructor or MethodKind.AnonymousFunction }:
                return null;
            case IMethodSymbol or IFieldSymbol or IPropertySymbol or IEventSymbol when symbol.ContainingType is not null:
                if (symbol.IsStatic || symbol is IFieldSymbol { IsConst: true })
                {
                    return SymbolText.TypeText(symbol.ContainingType) + ".";
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
        SymbolInfo info = Model.GetSymbolInfo(node);
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

    private static string ArgumentRefKindText(RefKind kind) => kind is RefKind.In or RefKind.RefReadOnlyParameter ? "in " : RefKindText(kind);
}
