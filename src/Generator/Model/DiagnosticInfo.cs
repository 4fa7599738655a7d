using Coroutines.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Generator.Model;

/// <summary>
/// A diagnostic as data: descriptor, tree and span, so the reported location is a real source location that
/// <c>#pragma warning disable</c> can suppress. It lives only on the diagnostics branch of the pipeline.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, SyntaxTree? SyntaxTree, TextSpan Span, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SyntaxNodeOrToken at, params string[] arguments) =>
        new(descriptor, at.SyntaxTree, at.Span, arguments.ToEquatableArray());

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        new(descriptor, location.SourceTree, location.SourceSpan, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Descriptor,
            SyntaxTree is null ? Location.None : Location.Create(SyntaxTree, Span),
            Arguments.Select(static a => (object)a).ToArray());
}

/// <summary>What the parse step produces for one template: a model (null when nothing can be generated) and diagnostics.</summary>
internal sealed record ParseResult(TemplateModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
