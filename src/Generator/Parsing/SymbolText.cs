using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coroutines.Generator.Parsing;

/// <summary>How symbols are spelled in generated code: fully qualified, keywords escaped, nullable annotations kept.</summary>
internal static class SymbolText
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>global::System.Collections.Generic.List&lt;string?&gt;</c>.</summary>
    public static string TypeText(ITypeSymbol type) => type.ToDisplayString(s_typeFormat);

    /// <summary>An identifier as source must spell it: <c>@class</c> for a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary><c>where T : class, global::System.IComparable&lt;T&gt;, new()</c>, or null when unconstrained.</summary>
    public static string? ConstraintClause(ITypeParameterSymbol parameter)
    {
        var parts = new List<string>();
        if (parameter.HasReferenceTypeConstraint)
        {
            parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (parameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (parameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (parameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        parts.AddRange(parameter.ConstraintTypes.Select(TypeText));
        if (parameter.HasConstructorConstraint)
        {
            parts.Add("new()");
        }

        return parts.Count == 0 ? null : $"where {Identifier(parameter.Name)} : {string.Join(", ", parts)}";
    }

    /// <summary>
    /// A parameter's default value as C# text of its type: <c>3</c>, <c>"x"</c>, <c>(global::E)2</c>, <c>2.5d</c>,
    /// <c>default</c>; null when it has none.
    /// </summary>
    public static string? DefaultValueText(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return parameter.IsOptional ? "default!" : null;
        }

        return ConstantText(parameter.ExplicitDefaultValue, parameter.Type);
    }

    /// <summary>A constant of <paramref name="type"/> as C# text.</summary>
    public static string ConstantText(object? value, ITypeSymbol type)
    {
        if (value is null)
        {
            return type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null";
        }

        string literal = value switch
        {
            double d when double.IsNaN(d) => "double.NaN",
            double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
            double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
            float f when float.IsNaN(f) => "float.NaN",
            float f when float.IsPositiveInfinity(f) => "float.PositiveInfinity",
            float f when float.IsNegativeInfinity(f) => "float.NegativeInfinity",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
            _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
        };

        // A cast keeps the constant's type (an enum, a byte, a long) whatever the literal's own type is.
        return value is string or bool ? literal : $"({TypeText(type)})({literal})";
    }
}
