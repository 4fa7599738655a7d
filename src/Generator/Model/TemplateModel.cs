using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Model;

/// <summary>Everything the lowering and the emitter need about one template: strings, records and arrays only.</summary>
internal sealed record TemplateModel(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    EquatableArray<string> Usings,
    EquatableArray<string> NamespaceUsings,
    bool NullableEnabled,
    string TemplateName,
    string SiblingName,
    string ClassName,
    string Accessibility,
    bool IsStatic,
    string? ResultType,
    string TypeParameters,
    EquatableArray<string> ConstraintClauses,
    EquatableArray<ParameterModel> Parameters,
    string? ThisType,
    EquatableArray<HoistedLocalModel> Locals,
    EquatableArray<string> BaseAccessors,
    EquatableArray<string> MachineHelpers,
    string SourceFile,
    int TemplateLine,
    BodyStatement Body);

/// <summary>One type of the containing chain, re-declared <c>partial</c> with the user's keywords.</summary>
/// <param name="Declaration">For example <c>static partial class Demo</c> or <c>partial record struct P&lt;T&gt;</c>.</param>
internal sealed record ContainingTypeModel(string Declaration);

/// <summary>A template parameter: the sibling declares it, the state machine captures it in <see cref="FieldName"/>.</summary>
internal sealed record ParameterModel(string Name, string FieldName, string Type, string Modifiers, string? DefaultValue);

/// <summary>A local of the template that lives in a field of the state machine.</summary>
internal sealed record HoistedLocalModel(string FieldName, string Type, string UserName);
