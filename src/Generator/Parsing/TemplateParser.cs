using System.Threading;
using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// The parse step: one <c>[Coroutine]</c> method (syntax + semantic model) to a <see cref="ParseResult"/>.
/// Nothing from Roslyn survives in the model; diagnostics carry their tree and span only.
/// </summary>
internal static class TemplateParser
{
    /// <summary>Never throws (except for cancellation): an internal failure becomes CORO100 naming the method.</summary>
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return ParseCore(context, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            SyntaxNodeOrToken at = context.TargetNode is MethodDeclarationSyntax method ? method.Identifier : context.TargetNode;
            return Failed(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, at, context.TargetSymbol.Name, $"{ex.GetType().Name}: {ex.Message}"));
        }
    }

    private static ParseResult Failed(params DiagnosticInfo[] diagnostics) => new(null, diagnostics.ToEquatableArray());

    private static ParseResult ParseCore(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetNode is LocalFunctionStatementSyntax localFunction)
        {
            return Failed(DiagnosticInfo.Create(DiagnosticDescriptors.LocalFunctionTemplate, localFunction.Identifier, localFunction.Identifier.ValueText));
        }

        if (context.TargetNode is not MethodDeclarationSyntax syntax || context.TargetSymbol is not IMethodSymbol method)
        {
            return Failed();
        }

        var diagnostics = new List<DiagnosticInfo>();
        ITypeSymbol? resultType = null;
        if (syntax.Body is null || !BodyParser.IsIterator(syntax.Body) || !IsTemplateReturnType(method.ReturnType, out resultType))
        {
            return Failed(DiagnosticInfo.Create(DiagnosticDescriptors.NotAnIterator, syntax.Identifier, method.Name));
        }

        foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInPartialType, type.Identifier, method.Name, type.Identifier.ValueText));
            }
        }

        foreach (ParameterSyntax parameter in syntax.ParameterList.Parameters)
        {
            if (parameter.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RefParameter, parameter.Identifier, parameter.Identifier.ValueText));
            }

            if (parameter.Identifier.ValueText.StartsWith("__", StringComparison.Ordinal))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedName, parameter.Identifier, parameter.Identifier.ValueText));
            }
        }

        if (syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsafeCode, syntax.Modifiers.First(m => m.IsKind(SyntaxKind.UnsafeKeyword))));
        }

        if (diagnostics.Count > 0)
        {
            return Failed(diagnostics.ToArray());
        }

        cancellationToken.ThrowIfCancellationRequested();
        var templateContext = new TemplateContext(context.SemanticModel, method, GeneratedNames.ClassName(method.Name, Math.Max(OverloadIndex(method), 0)));
        var bodyParser = new BodyParser(templateContext);
        bodyParser.FindCapturedLocals(syntax.Body);
        var body = bodyParser.ParseBody(syntax.Body);
        TemplateRules.Check(templateContext, syntax, resultType);
        diagnostics.AddRange(templateContext.Diagnostics);
        if (diagnostics.Any(static d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error && d.Descriptor.Id != DiagnosticDescriptors.MissingReturn.Id))
        {
            return Failed(diagnostics.ToArray());
        }

        cancellationToken.ThrowIfCancellationRequested();
        TemplateModel model = BuildModel(context, syntax, method, resultType, templateContext, body);
        return new ParseResult(model, diagnostics.ToEquatableArray());
    }

    /// <summary><c>IEnumerable&lt;Yield&gt;</c>, <c>IEnumerator&lt;Yield&gt;</c>, or the same of <c>Yield&lt;T&gt;</c> (<paramref name="resultType"/> = T).</summary>
    private static bool IsTemplateReturnType(ITypeSymbol returnType, out ITypeSymbol? resultType)
    {
        resultType = null;
        if (returnType is not INamedTypeSymbol { TypeArguments.Length: 1 } named ||
            named.ContainingNamespace?.ToDisplayString() != "System.Collections.Generic" ||
            named.Name is not ("IEnumerable" or "IEnumerator") ||
            named.TypeArguments[0] is not INamedTypeSymbol { Name: "Yield", ContainingNamespace: { Name: "Coroutines", ContainingNamespace.IsGlobalNamespace: true } } element)
        {
            return false;
        }

        if (element.TypeArguments.Length == 1)
        {
            resultType = element.TypeArguments[0];
        }

        return element.TypeArguments.Length <= 1;
    }

    private static TemplateModel BuildModel(
        GeneratorAttributeSyntaxContext context,
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        ITypeSymbol? resultType,
        TemplateContext templateContext,
        BodyStatement body)
    {
        TemplateRewriter rewriter = templateContext.Rewriter;
        string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } containingNamespace
            ? containingNamespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted))
            : null;

        var containingTypes = syntax.Ancestors().OfType<TypeDeclarationSyntax>().Reverse()
            .Select(static t => new ContainingTypeModel(TypeDeclarationText(t)))
            .ToEquatableArray();

        int overload = OverloadIndex(method);

        string? name = context.Attributes.FirstOrDefault()?.NamedArguments
            .Where(static a => a.Key == "Name").Select(static a => a.Value.Value as string).FirstOrDefault();

        var parameters = method.Parameters.Select((p, i) => new ParameterModel(
                p.Name,
                GeneratedNames.ParameterField(p.Name),
                TemplateRewriter.TypeText(p.Type),
                (p.IsParams ? "params " : string.Empty) + (i == 0 && method.IsExtensionMethod ? "this " : string.Empty),
                syntax.ParameterList.Parameters[i].Default is { } defaultValue ? rewriter.Rewrite(defaultValue.Value) : null))
            .ToEquatableArray();

        string typeParameters = method.TypeParameters.Length == 0
            ? string.Empty
            : "<" + string.Join(", ", method.TypeParameters.Select(static t => t.Name)) + ">";

        string hintName = string.Join(".", new[] { ns }
            .Concat(method.ContainingType.ContainingTypesOutward().Reverse().Select(static t => t.Arity == 0 ? t.Name : $"{t.Name}_{t.Arity}"))
            .Concat(new[] { overload > 0 ? $"{method.Name}_{overload}" : method.Name })
            .Where(static s => !string.IsNullOrEmpty(s))) + ".g.cs";

        return new TemplateModel(
            HintName: hintName,
            Namespace: ns,
            ContainingTypes: containingTypes,
            Usings: UsingsOf(syntax.SyntaxTree.GetCompilationUnitRoot().Usings).ToEquatableArray(),
            NamespaceUsings: UsingsOf(syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().SelectMany(static n => n.Usings)).ToEquatableArray(),
            NullableEnabled: context.SemanticModel.GetNullableContext(syntax.SpanStart).AnnotationsEnabled(),
            TemplateName: method.Name,
            SiblingName: string.IsNullOrEmpty(name) ? method.Name + "Async" : name!,
            ClassName: GeneratedNames.ClassName(method.Name, Math.Max(overload, 0)),
            Accessibility: AccessibilityText(method.DeclaredAccessibility),
            IsStatic: method.IsStatic,
            ResultType: resultType is null ? null : TemplateRewriter.TypeText(resultType),
            TypeParameters: typeParameters,
            ConstraintClauses: syntax.ConstraintClauses.Select(c => rewriter.Rewrite(c)).ToEquatableArray(),
            Parameters: parameters,
            ThisType: method.IsStatic ? null : TemplateRewriter.TypeText(method.ContainingType),
            Locals: templateContext.Locals.ToEquatableArray(),
            BaseAccessors: templateContext.BaseAccessors.ToEquatableArray(),
            MachineHelpers: templateContext.MachineHelpers.ToEquatableArray(),
            SourceFile: syntax.SyntaxTree.FilePath,
            TemplateLine: syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
            Body: body);
    }

    /// <summary>Which of the same-named templates of the type this is, in source order (names the class and hint).</summary>
    private static int OverloadIndex(IMethodSymbol method) =>
        method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Where(static m => m.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "Coroutines.CoroutineAttribute"))
            .OrderBy(static m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList()
            .FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));

    private static IEnumerable<INamedTypeSymbol> ContainingTypesOutward(this INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            yield return t;
        }
    }

    /// <summary><c>public static partial class Demo</c> → <c>public static partial class Demo</c>; base lists and constraints stay on the user's part.</summary>
    private static string TypeDeclarationText(TypeDeclarationSyntax type)
    {
        string keyword = type switch
        {
            RecordDeclarationSyntax record => record.ClassOrStructKeyword.RawKind != 0 ? $"record {record.ClassOrStructKeyword.ValueText}" : "record",
            _ => type.Keyword.ValueText,
        };
        string typeParameters = type.TypeParameterList is null
            ? string.Empty
            : "<" + string.Join(", ", type.TypeParameterList.Parameters.Select(static p => (p.VarianceKeyword.RawKind != 0 ? p.VarianceKeyword.ValueText + " " : string.Empty) + p.Identifier.ValueText)) + ">";
        return $"{type.Modifiers.ToString()} {keyword} {type.Identifier.ValueText}{typeParameters}".Trim();
    }

    /// <summary>The template file's using directives (not global ones), so extension methods bind the same way.</summary>
    private static IEnumerable<string> UsingsOf(IEnumerable<UsingDirectiveSyntax> usings) =>
        usings
            .Where(static u => u.GlobalKeyword.RawKind == 0)
            .Select(static u => u.WithoutTrivia().ToString())
            .Distinct();

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
