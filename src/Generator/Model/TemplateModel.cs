using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Model;

/// <summary>
/// What the lowering and the emitter need about one template: its sibling, and its state machine, or why there is
/// none (the sibling is still declared, so callers bind and only the template itself reports).
/// </summary>
internal sealed record TemplateModel(string HintName, SiblingSignature Signature, StateMachineModel? Machine, string? NotGeneratedBecause);

/// <summary>The state machine's parts: strings, records and arrays only.</summary>
internal sealed record StateMachineModel(
    EquatableArray<string> Usings,
    EquatableArray<string> NamespaceUsings,
    string ClassName,
    string? ThisType,
    string SourceFile,
    int TemplateLine,
    TemplateBody Body);
