using Coroutines.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Generator.Model;

/// <summary>
/// The declare step's result for one <c>[Coroutine]</c> method: its sibling's signature (null when no sibling can be
/// declared, say in a type that is not partial), where the template's body is, and what is wrong with its shape.
/// The tree and span only locate the method again in the binding compilation; the bind step drops them.
/// </summary>
/// <param name="BodyIsGenerated">False when the shape rules out a state machine (the sibling then only throws).</param>
internal sealed record TemplateDeclaration(
    SiblingSignature? Signature,
    string HintName,
    SyntaxTree? Tree,
    TextSpan Span,
    bool BodyIsGenerated,
    EquatableArray<DiagnosticInfo> Diagnostics);
