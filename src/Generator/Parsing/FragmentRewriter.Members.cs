using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// Members the state machine cannot reach itself, because it is another class: base members (called
/// non-virtually) and primary constructor parameters. Each goes through an accessor generated into the containing type.
/// </summary>
internal sealed partial class FragmentRewriter
{
    /// <summary>
    /// <c>base.Speak(n)</c> becomes <c>__this.__Talk_Coroutine_base_Speak_0(n)</c>, a generated member of the
    /// containing type that calls the base member non-virtually; <c>base.Name</c> goes through a generated property with
    /// the same accessors, a base field through a ref-returning property.
    /// </summary>
    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        if (node.Expression is not BaseExpressionSyntax || _context.Method.IsStatic)
        {
            return base.VisitMemberAccessExpression(node);
        }

        SymbolInfo info = Model.GetSymbolInfo(node);
        ISymbol? symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        string? replacement = symbol switch
        {
            IFieldSymbol { IsStatic: false } field => BaseAccessor(
                "F:" + field.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                name => new BaseAccessorModel(BaseAccessorKind.Field, name, field.Name, SymbolText.TypeText(field.Type), string.Empty,
                    EquatableArray<string>.Empty, EquatableArray<string>.Empty, true, false, field.IsReadOnly)),
            IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method => BaseMethodAccessor(method),
            IPropertySymbol { IsStatic: false, IsIndexer: false } property => BaseAccessor(
                "P:" + property.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                name => new BaseAccessorModel(BaseAccessorKind.Property, name, property.Name, SymbolText.TypeText(property.Type), string.Empty,
                    EquatableArray<string>.Empty, EquatableArray<string>.Empty, property.GetMethod is not null, property.SetMethod is { IsInitOnly: false }, false)),
            _ => null,
        };
        return replacement is null ? base.VisitMemberAccessExpression(node) : SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(node);
    }

    /// <summary>
    /// <c>base[i]</c> becomes <c>__this[i, default(__Talk_Coroutine_base_Item_0)]</c>: a generated private indexer with
    /// the same accessors, told apart from the user's by a generated marker type.
    /// </summary>
    public override SyntaxNode? VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        if (node.Expression is not BaseExpressionSyntax || Model.GetSymbolInfo(node).Symbol is not IPropertySymbol { IsIndexer: true } indexer)
        {
            return base.VisitElementAccessExpression(node);
        }

        string? accessor = BaseAccessor(
            "I:" + indexer.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            name => new BaseAccessorModel(BaseAccessorKind.Indexer, name, "this", SymbolText.TypeText(indexer.Type), string.Empty,
                indexer.Parameters.Select((p, i) => $"{RefKindText(p.RefKind)}{SymbolText.TypeText(p.Type)} __a{i}").ToEquatableArray(),
                indexer.Parameters.Select((p, i) => $"{ArgumentRefKindText(p.RefKind)}__a{i}").ToEquatableArray(),
                indexer.GetMethod is not null, indexer.SetMethod is { IsInitOnly: false }, false));
        string marker = accessor!.Substring(GeneratedNames.This.Length + 1);
        var visited = (ElementAccessExpressionSyntax)base.VisitElementAccessExpression(node)!;
        return SyntaxFactory.ElementAccessExpression(
                SyntaxFactory.IdentifierName(GeneratedNames.This),
                visited.ArgumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression($"default({marker})"))))
            .WithTriviaFrom(node);
    }

    /// <summary><c>base.Changed += h</c> becomes <c>__this.__Talk_Coroutine_base_Changed_0(h, true)</c> (false: <c>-=</c>).</summary>
    public override SyntaxNode? VisitAssignmentExpression(AssignmentExpressionSyntax node)
    {
        if (node.Left is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax } access &&
            node.Kind() is SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression &&
            Model.GetSymbolInfo(access).Symbol is IEventSymbol { IsStatic: false } @event)
        {
            string? accessor = BaseAccessor(
                "E:" + @event.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                name => new BaseAccessorModel(BaseAccessorKind.Event, name, @event.Name, SymbolText.TypeText(@event.Type), string.Empty,
                    EquatableArray<string>.Empty, EquatableArray<string>.Empty, true, true, false));
            var right = (ExpressionSyntax)Visit(node.Right)!;
            bool add = node.IsKind(SyntaxKind.AddAssignmentExpression);
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression(accessor!),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                    {
                        SyntaxFactory.Argument(right.WithoutTrivia()),
                        SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(add ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression)),
                    })))
                .WithTriviaFrom(node);
        }

        return base.VisitAssignmentExpression(node);
    }

    private string? BaseMethodAccessor(IMethodSymbol method)
    {
        // A base method using the template's type parameters gets an accessor generic over them.
        var templateTypeParameters = _context.Method.TypeParameters.Where(t => Mentions(method, t)).ToList();
        string key = "M:" + method.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" +
            string.Join(",", method.Parameters.Select(static p => p.RefKind + " " + SymbolText.TypeText(p.Type))) + ")";
        string typeArguments = method.TypeArguments.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeArguments.Select(SymbolText.TypeText)) + ">";
        string? accessor = BaseAccessor(key, name => new BaseAccessorModel(
            BaseAccessorKind.Method,
            name,
            method.Name,
            (method.ReturnsByRef ? "ref " : method.ReturnsByRefReadonly ? "ref readonly " : string.Empty) + (method.ReturnsVoid ? "void" : SymbolText.TypeText(method.ReturnType)),
            typeArguments,
            method.Parameters.Select((p, i) => $"{RefKindText(p.RefKind)}{(p.IsParams ? "params " : string.Empty)}{SymbolText.TypeText(p.Type)} __a{i}{(SymbolText.DefaultValueText(p) is { } d ? " = " + d : string.Empty)}").ToEquatableArray(),
            method.Parameters.Select((p, i) => $"{ArgumentRefKindText(p.RefKind)}__a{i}").ToEquatableArray(),
            true,
            false,
            false,
            templateTypeParameters.Select(static t => SymbolText.Identifier(t.Name)).ToEquatableArray(),
            templateTypeParameters.Select(SymbolText.ConstraintClause).OfType<string>().ToEquatableArray()));
        return templateTypeParameters.Count == 0
            ? accessor
            : accessor + "<" + string.Join(", ", templateTypeParameters.Select(static t => SymbolText.Identifier(t.Name))) + ">";
    }

    /// <summary>
    /// A primary constructor parameter (captured by the compiler into the instance) becomes a generated property of the
    /// containing type, with a setter when the template writes it: <c>__this.__Greet_Coroutine_times_0</c>.
    /// </summary>
    private string? PrimaryConstructorParameterAccessor(IParameterSymbol parameter, SimpleNameSyntax node)
    {
        if (_context.Method.IsStatic || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.ContainingSymbol, _context.Method.ContainingType))
        {
            return null;
        }

        string? accessor = BaseAccessor(
            "C:" + parameter.Name,
            name => new BaseAccessorModel(BaseAccessorKind.PrimaryConstructorParameter, name, SymbolText.Identifier(parameter.Name), SymbolText.TypeText(parameter.Type),
                string.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, true, false, false));
        if (IsWritten(node))
        {
            int index = _context.BaseAccessors.FindIndex(a => a.Kind == BaseAccessorKind.PrimaryConstructorParameter && a.Member == SymbolText.Identifier(parameter.Name));
            _context.BaseAccessors[index] = _context.BaseAccessors[index] with { HasSetter = true };
        }

        return accessor;
    }

    private static bool IsWritten(ExpressionSyntax node) => node.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == node,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => true,
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } => true,
        ArgumentSyntax { Parent: TupleExpressionSyntax tuple } => tuple.Parent is AssignmentExpressionSyntax assignment && assignment.Left == tuple,
        ArgumentSyntax argument => argument.RefKindKeyword.RawKind != 0,
        _ => false,
    };

    /// <summary>The accessor's name (created on first use), as code in the state machine reaches it.</summary>
    private string? BaseAccessor(string key, Func<string, BaseAccessorModel> model)
    {
        if (!_context.BaseAccessorNames.TryGetValue(key, out string? name))
        {
            name = $"{_context.ClassName}_{(key[0] == 'C' ? "pc" : "base")}_{key.Substring(2).Split('.', '(').Last(static s => s.Length > 0).Replace("[", string.Empty).Replace("]", string.Empty)}_{_context.BaseAccessorNames.Count}";
            name = new string(name.Select(static c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
            _context.BaseAccessorNames.Add(key, name);
            _context.BaseAccessors.Add(model(name));
        }

        return $"{GeneratedNames.This}.{name}";
    }

    private static bool Mentions(IMethodSymbol method, ITypeParameterSymbol typeParameter) =>
        method.TypeArguments.Concat(method.Parameters.Select(static p => p.Type)).Append(method.ReturnType).Any(t => Mentions(t, typeParameter));

    private static bool Mentions(ITypeSymbol type, ITypeParameterSymbol typeParameter) => type switch
    {
        ITypeParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter, typeParameter),
        IArrayTypeSymbol array => Mentions(array.ElementType, typeParameter),
        INamedTypeSymbol named => named.TypeArguments.Any(t => Mentions(t, typeParameter)) || named.ContainingType is { } outer && Mentions(outer, typeParameter),
        _ => false,
    };
}
