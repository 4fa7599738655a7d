using Coroutines.Generator.Helpers;

namespace Coroutines.Generator.Model;

/// <summary>
/// What declaring a template's <c>FooAsync</c> sibling takes: where it goes, its name, accessibility, type parameters,
/// constraints and parameters, all as C# text. The same record declares the stub the templates are bound against and
/// the sibling in the generated file, so the two cannot disagree.
/// </summary>
internal sealed record SiblingSignature(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    bool NullableEnabled,
    string TemplateName,
    string SiblingName,
    string Accessibility,
    bool IsStatic,
    TemplateKind Kind,
    string? ElementType,
    EquatableArray<string> TypeParameters,
    EquatableArray<string> ConstraintClauses,
    EquatableArray<ParameterModel> Parameters)
{
    /// <summary><c>global::Coroutines.Coroutine</c>, <c>Coroutine&lt;T&gt;</c> or <c>AsyncGenerator&lt;T&gt;</c>: what the sibling returns and the state machine is.</summary>
    public string ReturnType => Kind switch
    {
        TemplateKind.Result => $"global::Coroutines.Coroutine<{ElementType}>",
        TemplateKind.Generator => $"global::Coroutines.AsyncGenerator<{ElementType}>",
        _ => "global::Coroutines.Coroutine",
    };

    /// <summary>What the template yields: <c>Yield</c>, <c>Yield&lt;T&gt;</c> or <c>Emit&lt;T&gt;</c>.</summary>
    public string YieldType => Kind switch
    {
        TemplateKind.Result => $"global::Coroutines.Yield<{ElementType}>",
        TemplateKind.Generator => $"global::Coroutines.Emit<{ElementType}>",
        _ => "global::Coroutines.Yield",
    };

    /// <summary><c>&lt;T, U&gt;</c>, or empty.</summary>
    public string TypeParameterList => TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", TypeParameters) + ">";

    /// <summary>The type chain as written in the template's file: <c>Outer&lt;T&gt;.Inner</c>.</summary>
    public string TypeChain => string.Join(".", ContainingTypes.Select(static t => t.Name));
}

/// <summary>What a template's element type makes it.</summary>
internal enum TemplateKind
{
    /// <summary><c>IEnumerable&lt;Yield&gt;</c>: a coroutine without a result.</summary>
    Coroutine,

    /// <summary><c>IEnumerable&lt;Yield&lt;T&gt;&gt;</c>: a coroutine that completes with a T.</summary>
    Result,

    /// <summary><c>IEnumerable&lt;Emit&lt;T&gt;&gt;</c>: an async generator of Ts.</summary>
    Generator,
}

/// <summary>One type of the containing chain, re-declared <c>partial</c> with the user's keywords.</summary>
/// <param name="Declaration">For example <c>public static partial class Demo</c> or <c>partial record struct P&lt;T&gt;</c>.</param>
/// <param name="Name">The type's name with its type parameters, for messages: <c>P&lt;T&gt;</c>.</param>
internal sealed record ContainingTypeModel(string Declaration, string Name);

/// <summary>A template parameter: the sibling declares it, the state machine captures it in <see cref="FieldName"/>.</summary>
/// <param name="Name">The name as written (<c>@int</c> keeps its <c>@</c>).</param>
/// <param name="Modifiers"><c>params </c>, <c>this </c> or empty.</param>
/// <param name="DefaultValue">The default value's C# text, or null.</param>
internal sealed record ParameterModel(string Name, string FieldName, string Type, string Modifiers, string? DefaultValue);
