using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// A state machine field cannot be declared with a type that mentions an anonymous type, so such a local lives in an
/// <c>object</c> field (holding a <c>StrongBox</c> of it) and is reached through a generic helper whose type argument
/// comes from a witness: an expression of the same type that never runs. Anonymous types with the same member names,
/// types and order are the same type in one assembly, so <c>new { Name = default(string)!, N = default(int)! }</c>
/// names the type of <c>new { Name = "x", N = 1 }</c>.
/// </summary>
internal sealed class AnonymousWitnesses
{
    private readonly TemplateContext _context;
    private readonly Dictionary<string, string> _helpers = new(StringComparer.Ordinal);

    public AnonymousWitnesses(TemplateContext context) => _context = context;

    /// <summary>
    /// An expression of <paramref name="type"/>: <c>default(T)!</c> when it mentions no anonymous type, a
    /// <c>new { … }</c> of witnesses for an anonymous type, and otherwise a call of a generated helper whose type
    /// parameters stand for the anonymous types (<c>__Witness0(static () =&gt; new { A = default(int)! })</c> of type
    /// <c>List&lt;…&gt;.Enumerator</c>).
    /// </summary>
    public string Of(ITypeSymbol type)
    {
        if (!type.ContainsAnonymousType())
        {
            return $"default({SymbolText.TypeText(type)})!";
        }

        if (type is INamedTypeSymbol { IsAnonymousType: true } anonymous)
        {
            var members = anonymous.GetMembers().OfType<IPropertySymbol>().Select(p => $"{SymbolText.Identifier(p.Name)} = {Of(p.Type)}");
            return $"new {{ {string.Join(", ", members)} }}";
        }

        var anonymousTypes = new List<ITypeSymbol>();
        string shape = Substituted(type, anonymousTypes);
        if (!_helpers.TryGetValue(shape, out string? helper))
        {
            helper = $"__Witness{_helpers.Count}";
            _helpers.Add(shape, helper);
            _context.WitnessHelpers.Add(new WitnessHelperModel(helper, shape, anonymousTypes.Count));
        }

        return $"{helper}({string.Join(", ", anonymousTypes.Select(t => $"static () => {Of(t)}"))})";
    }

    /// <summary>The type's spelling with each distinct anonymous type replaced by <c>__T0</c>, <c>__T1</c>… in order.</summary>
    private static string Substituted(ITypeSymbol type, List<ITypeSymbol> anonymousTypes)
    {
        switch (type)
        {
            case INamedTypeSymbol { IsAnonymousType: true }:
                int index = anonymousTypes.FindIndex(t => SymbolEqualityComparer.Default.Equals(t, type));
                if (index < 0)
                {
                    index = anonymousTypes.Count;
                    anonymousTypes.Add(type);
                }

                return $"__T{index}";
            case INamedTypeSymbol { IsTupleType: true } tuple when type.ContainsAnonymousType():
                // Tuple syntax keeps the element names, which are part of how the compiler types the local.
                return "(" + string.Join(", ", tuple.TupleElements.Select((e, i) =>
                    Substituted(e.Type, anonymousTypes) + (e.Name == $"Item{i + 1}" ? string.Empty : " " + SymbolText.Identifier(e.Name)))) + ")";
            case IArrayTypeSymbol array:
                return Substituted(array.ElementType, anonymousTypes) + "[" + new string(',', array.Rank - 1) + "]";
            case INamedTypeSymbol named when type.ContainsAnonymousType():
            {
                string arguments = named.TypeArguments.Length == 0
                    ? string.Empty
                    : "<" + string.Join(", ", named.TypeArguments.Select(t => Substituted(t, anonymousTypes))) + ">";
                string prefix = named.ContainingType is { } outer
                    ? Substituted(outer, anonymousTypes) + "."
                    : named.ContainingNamespace is { IsGlobalNamespace: false } ns ? "global::" + ns.ToDisplayString() + "." : "global::";
                return prefix + SymbolText.Identifier(named.Name) + arguments;
            }

            default:
                return SymbolText.TypeText(type);
        }
    }
}
