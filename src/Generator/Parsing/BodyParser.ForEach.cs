using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary><c>foreach</c> with a suspension point, expanded as the compiler expands it.</summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// Arrays and strings: <c>__a = e; __i = 0; while (__i &lt; __a.Length) { x = (V)__a[__i]; body; __i++; }</c>.
    /// Otherwise: <c>__e = e.GetEnumerator(); try { while (__e.MoveNext()) { x = (V)__e.Current; body } } finally { dispose }</c>,
    /// the finally present only when the enumerator may be disposable. The iteration variable is fresh per iteration.
    /// </summary>
    private BodyStatement ParseForEach(CommonForEachStatementSyntax forEach)
    {
        if (forEach.AwaitKeyword.RawKind != 0)
        {
            return NotSupported(forEach.AwaitKeyword, "await foreach");
        }

        SemanticModel model = _context.Model;
        ForEachStatementInfo info = model.GetForEachStatementInfo(forEach);
        ITypeSymbol? collectionType = model.GetTypeInfo(forEach.Expression).ConvertedType ?? model.GetTypeInfo(forEach.Expression).Type;
        if (collectionType is null || info.GetEnumeratorMethod is null || info.ElementType is null)
        {
            // Usually the collection's type involves a generated FooAsync sibling, which the generator cannot see.
            return NotSupported(forEach.ForEachKeyword, collectionType is null or { TypeKind: TypeKind.Error } || model.GetTypeInfo(forEach.Expression).Type is null
                ? "foreach over a collection whose type is unknown here (if it involves a generated ...Async method, give the collection or its source an explicit type)"
                : "foreach over this collection");
        }

        if (collectionType.ContainsAnonymousType() || info.ElementType.ContainsAnonymousType() || info.GetEnumeratorMethod.ReturnType.ContainsAnonymousType())
        {
            return NotSupported(forEach.ForEachKeyword, "foreach over a collection of anonymous objects");
        }

        string collection = FlatExpr(forEach.Expression);
        int id = NewJumpTarget(forEach);
        bool indexed = collectionType is IArrayTypeSymbol { IsSZArray: true } || collectionType.SpecialType == SpecialType.System_String;
        var statements = new List<BodyStatement>();
        string current;
        string? condition;
        var increments = new List<BodyStatement>();
        string? dispose = null;
        string? enumerator;
        if (indexed)
        {
            string array = _context.HoistTemporary("collection", collectionType);
            string index = _context.HoistTemporary("index", model.Compilation.GetSpecialType(SpecialType.System_Int32));
            statements.Add(new CodeStatement($"{array} = {collection}; {index} = 0;", SpanOf(forEach.Expression)));
            condition = $"{index} < {array}.Length";
            current = $"{array}[{index}]";
            increments.Add(new CodeStatement($"{index}++;", SpanOf(forEach.Expression)));
            enumerator = null;
        }
        else
        {
            IMethodSymbol getEnumerator = info.GetEnumeratorMethod;
            ITypeSymbol enumeratorType = getEnumerator.ReturnType;
            enumerator = _context.HoistTemporary("enumerator", enumeratorType);
            string receiver = getEnumerator.ContainingType.TypeKind == TypeKind.Interface && !SymbolEqualityComparer.Default.Equals(collectionType, getEnumerator.ContainingType)
                ? $"(({TemplateRewriter.TypeText(getEnumerator.ContainingType)})({collection}))"
                : $"({collection})";
            string call = getEnumerator.IsExtensionMethod
                ? $"{TemplateRewriter.TypeText(getEnumerator.ContainingType)}.{getEnumerator.Name}({collection})"
                : $"{receiver}.{getEnumerator.Name}()";
            statements.Add(new CodeStatement($"{enumerator} = {call};", SpanOf(forEach.Expression)));
            condition = $"{Member(enumerator, enumeratorType, info.MoveNextMethod)}.MoveNext()";
            current = $"{Member(enumerator, enumeratorType, info.CurrentProperty)}.Current";
            dispose = DisposalOf(enumerator, enumeratorType, model.Compilation);
        }

        BodyStatement loop = ParseLoopBody();

        BodyStatement ParseLoopBody()
        {
            int boxesBefore = _context.PendingBoxes.Count;
            string assignment = IterationAssignment(forEach, current);
            string boxes = string.Join(" ", _context.TakePendingBoxes(boxesBefore));
            var body = new List<BodyStatement> { new CodeStatement((boxes + " " + assignment).Trim(), SpanOf(forEach)) };
            body.Add(ParseStatement(forEach.Statement));
            return new LoopStatement(id, condition, SpanOf(forEach.Expression), new BlockStatement(body.ToEquatableArray()), increments.ToEquatableArray(), TestAfterBody: false);
        }

        statements.Add(dispose is null ? loop : new TryFinallyStatement(loop, new CodeStatement(dispose, SpanOf(forEach))));
        return new BlockStatement(statements.ToEquatableArray());
    }

    /// <summary><c>x = (V)current;</c> or, for <c>foreach (var (a, b) in ...)</c>, <c>(__a, __b) = current;</c>.</summary>
    private string IterationAssignment(CommonForEachStatementSyntax forEach, string current)
    {
        switch (forEach)
        {
            case ForEachStatementSyntax single when _context.Model.GetDeclaredSymbol(single) is ILocalSymbol local:
                string? field = HoistLocal(local, single.Identifier);
                return field is null ? string.Empty : $"{field} = ({TemplateRewriter.TypeText(local.Type)})({current});";
            case ForEachVariableStatementSyntax deconstruction:
                foreach (SingleVariableDesignationSyntax designation in deconstruction.Variable.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
                {
                    if (_context.Model.GetDeclaredSymbol(designation) is ILocalSymbol variable)
                    {
                        HoistLocal(variable, designation.Identifier);
                    }
                }

                return $"{Rewriter.Rewrite(deconstruction.Variable)} = {current};";
            default:
                return string.Empty;
        }
    }

    /// <summary>The receiver for a pattern member: the field itself, or a cast when the member is an explicit interface implementation.</summary>
    private static string Member(string field, ITypeSymbol type, ISymbol? member) =>
        member?.ContainingType is { TypeKind: TypeKind.Interface } containing && !SymbolEqualityComparer.Default.Equals(type, containing) &&
        !type.GetMembers(member.Name).Any(m => m.DeclaredAccessibility == Accessibility.Public)
            ? $"(({TemplateRewriter.TypeText(containing)}){field})"
            : field;

    /// <summary>
    /// How the compiler ends a foreach: dispose when the enumerator is <c>IDisposable</c>; test at run time when it is
    /// an interface or an unsealed class that might be; nothing when it is sealed or a struct and is not.
    /// </summary>
    private static string? DisposalOf(string field, ITypeSymbol enumeratorType, Compilation compilation)
    {
        INamedTypeSymbol? disposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
        bool isDisposable = enumeratorType.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default) ||
            SymbolEqualityComparer.Default.Equals(enumeratorType, disposable);
        if (isDisposable)
        {
            return DisposeText(field, enumeratorType);
        }

        return enumeratorType.IsValueType || enumeratorType.IsSealed
            ? null
            : $"(({SyntaxFacts.GetText(SyntaxKind.ObjectKeyword)}){field} as global::System.IDisposable)?.Dispose();";
    }
}
