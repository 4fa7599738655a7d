using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// The generated <c>FooAsync</c> siblings do not exist in the compilation the generator reads, so a call to one
/// binds to nothing. This finds the template behind such a call, to know the coroutine type it returns and
/// whether it needs the captured receiver.
/// </summary>
internal static class SiblingResolver
{
    private const string CoroutineAttribute = "Coroutines.CoroutineAttribute";

    /// <summary>The template whose sibling <paramref name="name"/> names, or null.</summary>
    public static IMethodSymbol? Resolve(SemanticModel model, SimpleNameSyntax name, INamedTypeSymbol containingType)
    {
        string text = name.Identifier.ValueText;
        IEnumerable<INamedTypeSymbol> searched;
        if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
        {
            ISymbol? receiver = model.GetSymbolInfo(access.Expression).Symbol;
            ITypeSymbol? type = receiver as ITypeSymbol ?? model.GetTypeInfo(access.Expression).Type;
            searched = type is INamedTypeSymbol named ? WithBases(named) : Enumerable.Empty<INamedTypeSymbol>();
        }
        else
        {
            searched = Outward(containingType).SelectMany(WithBases);
        }

        return searched.SelectMany(t => t.GetMembers()).OfType<IMethodSymbol>()
            .FirstOrDefault(m => SiblingName(m) == text);
    }

    /// <summary>
    /// The type of <paramref name="expression"/> once the siblings exist: every call to a sibling is replaced by a
    /// null of its coroutine type and the result bound speculatively.
    /// </summary>
    public static string? SpeculativeType(SemanticModel model, ExpressionSyntax expression, INamedTypeSymbol containingType)
    {
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (InvocationExpressionSyntax call in expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            SimpleNameSyntax? name = call.Expression switch
            {
                SimpleNameSyntax simple => simple,
                MemberAccessExpressionSyntax access => access.Name,
                _ => null,
            };
            if (name is not null && model.GetSymbolInfo(call).Symbol is null &&
                Resolve(model, name, containingType) is { } template && CoroutineTypeText(template) is { } type)
            {
                replacements[call] = SyntaxFactory.ParseExpression($"(({type})null!)");
            }
        }

        if (replacements.Count == 0)
        {
            return null;
        }

        ExpressionSyntax speculative = expression.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        ITypeSymbol? result = model.GetSpeculativeTypeInfo(expression.SpanStart, speculative, SpeculativeBindingOption.BindAsExpression).Type;
        return result is null || result.TypeKind == TypeKind.Error ? null : TemplateRewriter.TypeText(result);
    }

    /// <summary>The coroutine type a template's sibling returns: <c>Coroutine</c> or <c>Coroutine&lt;T&gt;</c>.</summary>
    public static string? CoroutineTypeText(IMethodSymbol template) =>
        template.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } enumerable && enumerable.TypeArguments[0] is INamedTypeSymbol { Name: "Yield" } element
            ? element.TypeArguments.Length == 0
                ? "global::Coroutines.Coroutine"
                : $"global::Coroutines.Coroutine<{TemplateRewriter.TypeText(element.TypeArguments[0])}>"
            : null;

    private static string? SiblingName(IMethodSymbol method)
    {
        AttributeData? attribute = method.GetAttributes().FirstOrDefault(static a => a.AttributeClass?.ToDisplayString() == CoroutineAttribute);
        if (attribute is null)
        {
            return null;
        }

        string? name = attribute.NamedArguments.Where(static a => a.Key == "Name").Select(static a => a.Value.Value as string).FirstOrDefault();
        return string.IsNullOrEmpty(name) ? method.Name + "Async" : name;
    }

    private static IEnumerable<INamedTypeSymbol> Outward(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            yield return t;
        }
    }

    private static IEnumerable<INamedTypeSymbol> WithBases(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }
}
