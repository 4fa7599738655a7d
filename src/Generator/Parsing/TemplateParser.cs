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
/// The parse step: one declared template, bound in the compilation that holds every sibling's stub, to a
/// <see cref="ParseResult"/>. Nothing from Roslyn survives in the model; diagnostics carry their tree and span only.
/// </summary>
/// <remarks>
/// A template the compiler rejects gets no state machine and no diagnostic of ours beyond a hint that points at the
/// fix (CORO112, CORO113): the compiler's error is the one to read. Its sibling is still declared, throwing, so the
/// template's callers bind and report nothing.
/// </remarks>
internal static class TemplateParser
{
    /// <summary>Never throws (except for cancellation): an internal failure becomes CORO100 naming the method.</summary>
    public static ParseResult Parse(TemplateDeclaration declaration, Compilation binding, CancellationToken cancellationToken)
    {
        if (declaration.Signature is null || declaration.Tree is null)
        {
            return new ParseResult(null, declaration.Diagnostics);
        }

        SiblingSignature signature = declaration.Signature;
        var diagnostics = new List<DiagnosticInfo>(declaration.Diagnostics);
        MethodDeclarationSyntax? syntax = null;
        try
        {
            syntax = declaration.Tree.GetRoot(cancellationToken).FindNode(declaration.Span)
                .DescendantNodesAndSelf().OfType<MethodDeclarationSyntax>().First(m => m.Span == declaration.Span);
            if (!declaration.BodyIsGenerated)
            {
                return NotGenerated(declaration, diagnostics, FirstError(diagnostics));
            }

            SemanticModel model = binding.GetSemanticModel(declaration.Tree);
            if (model.GetDeclaredSymbol(syntax, cancellationToken) is not IMethodSymbol method)
            {
                return NotGenerated(declaration, diagnostics, "it could not be bound");
            }

            if (model.GetDiagnostics(syntax.Span, cancellationToken).Any(static d => d.Severity == DiagnosticSeverity.Error))
            {
                diagnostics.AddRange(Hints(model, syntax, method));
                return NotGenerated(declaration, diagnostics, "it does not compile; see the errors reported in it");
            }

            cancellationToken.ThrowIfCancellationRequested();
            ITypeSymbol? resultType = DeclarationParser.ResultTypeOf(method);
            string className = GeneratedNames.ClassName(method.Name, DeclarationParser.OverloadIndex(method));
            var templateContext = new TemplateContext(model, method, syntax, className);
            templateContext.FindClosures(syntax.Body!);
            BodyStatement root = new BodyParser(templateContext).ParseBody(syntax.Body!);
            TemplateRules.Check(templateContext, syntax, resultType);
            diagnostics.AddRange(templateContext.Diagnostics);
            if (diagnostics.Any(static d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                return NotGenerated(declaration, diagnostics, FirstError(diagnostics));
            }

            cancellationToken.ThrowIfCancellationRequested();
            (EquatableArray<LocalInfo> locals, EquatableArray<FunctionInfo> functions) = templateContext.Facts();
            var body = new TemplateBody(root, locals, functions, templateContext.BaseAccessors.ToEquatableArray(), templateContext.WitnessHelpers.ToEquatableArray());
            StateMachineModel machine = BuildMachine(syntax, method, templateContext, body);
            return new ParseResult(new TemplateModel(declaration.HintName, signature, machine, null), diagnostics.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            SyntaxNodeOrToken at = syntax is null ? default : syntax.Identifier;
            diagnostics.Add(syntax is null
                ? new DiagnosticInfo(DiagnosticDescriptors.InternalError, null, default, new[] { signature.TemplateName, $"{ex.GetType().Name}: {ex.Message}" }.ToEquatableArray())
                : DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, at, signature.TemplateName, $"{ex.GetType().Name}: {ex.Message}"));
            return NotGenerated(declaration, diagnostics, "the generator failed on it (CORO100)");
        }
    }

    private static ParseResult NotGenerated(TemplateDeclaration declaration, List<DiagnosticInfo> diagnostics, string because) =>
        new(new TemplateModel(declaration.HintName, declaration.Signature!, null, because), diagnostics.ToEquatableArray());

    private static string FirstError(List<DiagnosticInfo> diagnostics) =>
        diagnostics.FirstOrDefault(static d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) is { } error
            ? $"{error.Descriptor.Id}: {error.Descriptor.Title}"
            : "its shape is not supported";

    /// <summary>
    /// For a template the compiler rejects, the mistakes coroutine users make that the compiler's message does not
    /// explain: a <c>try</c> with a <c>catch</c> around a suspension (CORO112) and a value yielded where
    /// <c>Return(value)</c> is meant (CORO113).
    /// </summary>
    private static IEnumerable<DiagnosticInfo> Hints(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method)
    {
        DeclarationParser.IsTemplateReturnType(method.ReturnType, out TemplateKind kind, out ITypeSymbol? elementType);
        foreach (SyntaxNode node in syntax.Body!.DescendantNodes(BodyShape.OwnNodes))
        {
            if (node is TryStatementSyntax { Catches.Count: > 0 } tryStatement && BodyShape.ContainsYieldReturn(tryStatement.Block))
            {
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.YieldInTryWithCatch, tryStatement.TryKeyword);
            }
            else if (node is YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldReturnStatement, Expression: { } value } && elementType is not null &&
                model.GetTypeInfo(value).Type is { } valueType && !IsYieldable(valueType) && model.ClassifyConversion(value, elementType).IsImplicit)
            {
                yield return DiagnosticInfo.Create(
                    kind == TemplateKind.Generator ? DiagnosticDescriptors.ValueWhereEmitMeant : DiagnosticDescriptors.ValueWhereReturnMeant,
                    value,
                    method.Name,
                    value.ToString());
            }
        }

        static bool IsYieldable(ITypeSymbol type) => type.Name is "Yield" or "Emit" && type.ContainingNamespace?.Name == "Coroutines";
    }

    private static StateMachineModel BuildMachine(MethodDeclarationSyntax syntax, IMethodSymbol method, TemplateContext templateContext, TemplateBody body) =>
        new(
            Usings: UsingsOf(syntax.SyntaxTree.GetCompilationUnitRoot().Usings).ToEquatableArray(),
            NamespaceUsings: UsingsOf(syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().SelectMany(static n => n.Usings)).ToEquatableArray(),
            ClassName: templateContext.ClassName,
            ThisType: method.IsStatic ? null : SymbolText.TypeText(method.ContainingType),
            SourceFile: syntax.SyntaxTree.FilePath,
            TemplateLine: syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
            Body: body);

    /// <summary>The template file's using directives (not global ones), so extension methods bind the same way.</summary>
    private static IEnumerable<string> UsingsOf(IEnumerable<UsingDirectiveSyntax> usings) =>
        usings
            .Where(static u => u.GlobalKeyword.RawKind == 0)
            .Select(static u => u.WithoutTrivia().ToString())
            .Distinct();
}
