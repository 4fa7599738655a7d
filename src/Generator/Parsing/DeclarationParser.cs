using System.Threading;
using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// The declare step: one <c>[Coroutine]</c> method to its sibling's signature and the diagnostics about its shape
/// (partial types, return type, parameters). Runs before any body is bound, because the bodies are bound against
/// stubs of every template's sibling.
/// </summary>
internal static class DeclarationParser
{
    public const string CoroutineAttribute = "Coroutines.CoroutineAttribute";

    /// <summary>Never throws (except for cancellation): an internal failure becomes CORO100 naming the method.</summary>
    public static TemplateDeclaration? Declare(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return DeclareCore(context, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            SyntaxNodeOrToken at = context.TargetNode is MethodDeclarationSyntax method ? method.Identifier : context.TargetNode;
            return Rejected(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, at, context.TargetSymbol.Name, $"{ex.GetType().Name}: {ex.Message}"));
        }
    }

    private static TemplateDeclaration Rejected(params DiagnosticInfo[] diagnostics) =>
        new(null, string.Empty, null, default, BodyIsGenerated: false, diagnostics.ToEquatableArray());

    private static TemplateDeclaration? DeclareCore(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetNode is LocalFunctionStatementSyntax localFunction)
        {
            return Rejected(DiagnosticInfo.Create(DiagnosticDescriptors.LocalFunctionTemplate, localFunction.Identifier, localFunction.Identifier.ValueText));
        }

        if (context.TargetNode is not MethodDeclarationSyntax declared || context.TargetSymbol is not IMethodSymbol method)
        {
            return null;
        }

        // [Coroutine] on a partial method's declaration: the template is its implementation.
        MethodDeclarationSyntax syntax = declared;
        if (method.PartialImplementationPart is { } implementation)
        {
            if (implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax implementationSyntax)
            {
                return null;
            }

            method = implementation;
            syntax = implementationSyntax;
        }
        else if (method.IsPartialDefinition)
        {
            // No implementation yet: the compiler reports it.
            return null;
        }

        var diagnostics = new List<DiagnosticInfo>();
        if (!IsTemplateReturnType(method.ReturnType, out TemplateKind kind, out ITypeSymbol? elementType) || syntax.Body is null && syntax.ExpressionBody is null)
        {
            return Rejected(DiagnosticInfo.Create(DiagnosticDescriptors.NotAnIterator, syntax.Identifier, method.Name));
        }

        bool bodyIsGenerated = true;
        if (syntax.Body is null || !BodyShape.IsIterator(syntax.Body))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAnIterator, syntax.Identifier, method.Name));
            bodyIsGenerated = false;
        }

        foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInPartialType, type.Identifier, method.Name, type.Identifier.ValueText));
            }
            else if (type.Modifiers.Any(SyntaxKind.FileKeyword))
            {
                // The state machine is generated into another file, and a file-local type is a different type there.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupportedYet, type.Identifier, $"a coroutine template in the file-local type '{type.Identifier.ValueText}'"));
            }
        }

        if (syntax.Parent is not TypeDeclarationSyntax || diagnostics.Any(static d => d.Descriptor == DiagnosticDescriptors.NotInPartialType || d.Descriptor == DiagnosticDescriptors.NotSupportedYet))
        {
            // Without a partial type there is nowhere to declare the sibling.
            return Rejected(diagnostics.ToArray());
        }

        foreach (ParameterSyntax parameter in syntax.ParameterList.Parameters)
        {
            if (parameter.Modifiers.Any(static m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RefParameter, parameter.Identifier, parameter.Identifier.ValueText));
                bodyIsGenerated = false;
            }

            if (parameter.Identifier.ValueText.StartsWith("__", StringComparison.Ordinal))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedName, parameter.Identifier, parameter.Identifier.ValueText));
                bodyIsGenerated = false;
            }
        }

        if (syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsafeCode, syntax.Modifiers.First(static m => m.IsKind(SyntaxKind.UnsafeKeyword))));
            bodyIsGenerated = false;
        }

        string siblingName = SiblingName(method);
        if (ClashingMember(method, siblingName) is { } clash)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SiblingNameTaken, syntax.Identifier, method.Name, siblingName, clash));
            return Rejected(diagnostics.ToArray());
        }

        cancellationToken.ThrowIfCancellationRequested();
        SiblingSignature signature = Signature(context.SemanticModel, syntax, method, kind, elementType, siblingName);
        return new TemplateDeclaration(signature, HintName(method), syntax.SyntaxTree, syntax.Span, bodyIsGenerated, diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// <c>IEnumerable&lt;Yield&gt;</c> (a coroutine), of <c>Yield&lt;T&gt;</c> (with a result T), of <c>Emit&lt;T&gt;</c> (an
    /// async generator of T), or the <c>IEnumerator</c> forms. <paramref name="elementType"/> is T.
    /// </summary>
    public static bool IsTemplateReturnType(ITypeSymbol returnType, out TemplateKind kind, out ITypeSymbol? elementType)
    {
        kind = TemplateKind.Coroutine;
        elementType = null;
        if (returnType is not INamedTypeSymbol { TypeArguments.Length: 1 } named ||
            named.ContainingNamespace?.ToDisplayString() != "System.Collections.Generic" ||
            named.Name is not ("IEnumerable" or "IEnumerator") ||
            named.TypeArguments[0] is not INamedTypeSymbol { Name: "Yield" or "Emit", ContainingNamespace: { Name: "Coroutines", ContainingNamespace.IsGlobalNamespace: true } } element)
        {
            return false;
        }

        if (element.Name == "Emit")
        {
            kind = TemplateKind.Generator;
            elementType = element.TypeArguments.FirstOrDefault();
            return element.TypeArguments.Length == 1;
        }

        if (element.TypeArguments.Length == 1)
        {
            kind = TemplateKind.Result;
            elementType = element.TypeArguments[0];
        }

        return element.TypeArguments.Length <= 1;
    }

    /// <summary>The result type of a template with a result (<c>Yield&lt;T&gt;</c>), else null.</summary>
    public static ITypeSymbol? ResultTypeOf(IMethodSymbol method) =>
        IsTemplateReturnType(method.ReturnType, out TemplateKind kind, out ITypeSymbol? element) && kind == TemplateKind.Result ? element : null;

    private static SiblingSignature Signature(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, TemplateKind kind, ITypeSymbol? elementType, string siblingName)
    {
        string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } containingNamespace
            ? containingNamespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted))
            : null;

        var containingTypes = syntax.Ancestors().OfType<TypeDeclarationSyntax>().Reverse()
            .Select(static t => new ContainingTypeModel(TypeDeclarationText(t), t.Identifier.Text + TypeParameterText(t)))
            .ToEquatableArray();

        var parameters = method.Parameters.Select((p, i) => new ParameterModel(
                SymbolText.Identifier(p.Name),
                GeneratedNames.ParameterField(p.Name),
                SymbolText.TypeText(p.Type),
                CallerInfoAttributes(p) + RefKindText(p.RefKind) + (p.IsParams ? "params " : string.Empty) + (i == 0 && method.IsExtensionMethod ? "this " : string.Empty),
                SymbolText.DefaultValueText(p)))
            .ToEquatableArray();

        return new SiblingSignature(
            Namespace: ns,
            ContainingTypes: containingTypes,
            NullableEnabled: model.GetNullableContext(syntax.SpanStart).AnnotationsEnabled(),
            TemplateName: SymbolText.Identifier(method.Name),
            SiblingName: SymbolText.Identifier(siblingName),
            Accessibility: SymbolText.AccessibilityText(method.DeclaredAccessibility),
            IsStatic: method.IsStatic,
            Kind: kind,
            ElementType: elementType is null ? null : SymbolText.TypeText(elementType),
            TypeParameters: method.TypeParameters.Select(static t => SymbolText.Identifier(t.Name)).ToEquatableArray(),
            ConstraintClauses: method.TypeParameters.Select(SymbolText.ConstraintClause).OfType<string>().ToEquatableArray(),
            Parameters: parameters);
    }

    /// <summary>The sibling's name: <c>[Coroutine(Name = "...")]</c>, or the template's name + <c>Async</c>.</summary>
    public static string SiblingName(IMethodSymbol method)
    {
        AttributeData? attribute = method.GetAttributes().Concat(method.PartialDefinitionPart?.GetAttributes() ?? Enumerable.Empty<AttributeData>())
            .FirstOrDefault(static a => a.AttributeClass?.ToDisplayString() == CoroutineAttribute);
        string? name = attribute?.NamedArguments.Where(static a => a.Key == "Name").Select(static a => a.Value.Value as string).FirstOrDefault();
        return string.IsNullOrEmpty(name) ? method.Name + "Async" : name!;
    }

    /// <summary>A member the user declared that the sibling would clash with, described for the message; null when there is none.</summary>
    private static string? ClashingMember(IMethodSymbol template, string siblingName)
    {
        foreach (ISymbol member in template.ContainingType.GetMembers(siblingName))
        {
            if (member is not IMethodSymbol other)
            {
                return $"a {member.Kind.ToString().ToLowerInvariant()} named '{siblingName}'";
            }

            if (other.TypeParameters.Length == template.TypeParameters.Length &&
                other.Parameters.Select(ParameterKey).SequenceEqual(template.Parameters.Select(ParameterKey)))
            {
                return $"a method '{other.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}' with the same parameters";
            }
        }

        return null;

        static string ParameterKey(IParameterSymbol p) =>
            p.RefKind + " " + (p.Type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } t ? "!!" + t.Ordinal : p.Type.ToDisplayString());
    }

    /// <summary>
    /// <c>Outer.Inner.Work.g.cs</c> (namespace, types with their arity, method; overloads numbered in source order).
    /// </summary>
    private static string HintName(IMethodSymbol method)
    {
        int overload = OverloadIndex(method);
        var types = new List<string>();
        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            types.Insert(0, t.Arity == 0 ? t.Name : $"{t.Name}_{t.Arity}");
        }

        string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        return string.Join(".", new[] { ns }.Concat(types).Append(overload > 0 ? $"{method.Name}_{overload}" : method.Name)
            .Where(static s => !string.IsNullOrEmpty(s))) + ".g.cs";
    }

    /// <summary>Which of the same-named templates of the type this is, in source order (names the class and hint).</summary>
    public static int OverloadIndex(IMethodSymbol method) =>
        Math.Max(0, method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Select(static m => m.PartialImplementationPart ?? m)
            .Where(static m => m.GetAttributes().Concat(m.PartialDefinitionPart?.GetAttributes() ?? Enumerable.Empty<AttributeData>())
                .Any(static a => a.AttributeClass?.ToDisplayString() == CoroutineAttribute))
            .Distinct<IMethodSymbol>(SymbolEqualityComparer.Default)
            .OrderBy(static m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList()
            .FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method)));

    /// <summary><c>public static partial class Demo</c>; base lists and constraints stay on the user's part.</summary>
    private static string TypeDeclarationText(TypeDeclarationSyntax type)
    {
        string keyword = type switch
        {
            RecordDeclarationSyntax record => record.ClassOrStructKeyword.RawKind != 0 ? $"record {record.ClassOrStructKeyword.ValueText}" : "record",
            _ => type.Keyword.ValueText,
        };
        return $"{type.Modifiers} {keyword} {type.Identifier.Text}{TypeParameterText(type)}".Trim();
    }

    private static string TypeParameterText(TypeDeclarationSyntax type) =>
        type.TypeParameterList is null
            ? string.Empty
            : "<" + string.Join(", ", type.TypeParameterList.Parameters.Select(static p => (p.VarianceKeyword.RawKind != 0 ? p.VarianceKeyword.ValueText + " " : string.Empty) + p.Identifier.Text)) + ">";

    /// <summary>
    /// The caller-information attributes of a template parameter, so a call of the sibling fills it in as a call of the
    /// template would: <c>[global::System.Runtime.CompilerServices.CallerMemberName] </c>.
    /// </summary>
    private static string CallerInfoAttributes(IParameterSymbol parameter) =>
        string.Concat(parameter.GetAttributes()
            .Where(static a => a.AttributeClass is { ContainingNamespace: { Name: "CompilerServices" } } c && c.Name.StartsWith("Caller", StringComparison.Ordinal))
            .Select(static a => $"[{SymbolText.TypeText(a.AttributeClass!)}{(a.ConstructorArguments.Length == 1 ? $"({SymbolDisplay.FormatPrimitive(a.ConstructorArguments[0].Value!, quoteStrings: true, useHexadecimalNumbers: false)})" : string.Empty)}] "));

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => string.Empty,
    };
}
