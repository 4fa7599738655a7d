using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Model;

/// <summary>
/// What the lowering and the emitter need about one template: its sibling, and its state machine, or why there is
/// none (the sibling is still declared, so callers bind and only the template itself reports).
/// </summary>
internal sealed record TemplateModel(string HintName, SiblingSignature Signature, StateMachineModel? Machine, string? NotGeneratedBecause)
{
    /// <summary>
    /// The template's file as task dumps and coroutine stacks print it: relative to its project, as asyncio prints a
    /// module path, or the file name alone when the project directory is unknown. <c>#line</c> keeps the full path.
    /// </summary>
    public string DisplayFile { get; init; } = "";
}

/// <summary>The state machine's parts: strings, records and arrays only.</summary>
internal sealed record StateMachineModel(
    EquatableArray<string> Usings,
    EquatableArray<string> NamespaceUsings,
    string ClassName,
    string? ThisType,
    string SourceFile,
    int TemplateLine,
    TemplateBody Body);
