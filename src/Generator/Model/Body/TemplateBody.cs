using Coroutines.Generator.Helpers;

namespace Coroutines.Generator.Model.Body;

/// <summary>
/// The parsed template body: the statement tree, and the facts the lowering decides from (every local the body
/// names, every closure, the base members it calls).
/// </summary>
internal sealed record TemplateBody(
    BodyStatement Root,
    EquatableArray<LocalInfo> Locals,
    EquatableArray<FunctionInfo> Functions,
    EquatableArray<BaseAccessorModel> BaseAccessors,
    EquatableArray<WitnessHelperModel> WitnessHelpers);

/// <summary>What a local is, for the hoisting decision.</summary>
internal enum LocalKind
{
    /// <summary>Declared inside code that is copied as it is (a nested block without suspension points): keeps its name.</summary>
    Verbatim,

    /// <summary><c>T x = e;</c> at a flattened level: a MoveNext local unless it lives across a suspension point or is captured.</summary>
    Declared,

    /// <summary>
    /// Needs a field whatever its uses: a <c>for</c>, <c>foreach</c> or <c>using</c> variable, an <c>out</c> or pattern
    /// variable of a flattened statement, a case label's pattern variable.
    /// </summary>
    Field,

    /// <summary><c>const T x = e;</c> at a flattened level: a constant of the state machine.</summary>
    Const,

    /// <summary>A value the lowering of a construct keeps (a collection, an index, an enumerator, a using resource).</summary>
    Temporary,
}

/// <summary>One local of the template: its name, type and the facts that decide where it lives.</summary>
/// <param name="Name">The user's name (a temporary's purpose: <c>collection</c>, <c>enumerator</c>…).</param>
/// <param name="Type">Its type, fully qualified.</param>
/// <param name="DeclaredType">How a MoveNext-local declaration spells the type (<c>var</c> for an anonymous type).</param>
/// <param name="Captured">A lambda or local function uses it: it lives in a box, fresh per entry of its scope.</param>
/// <param name="CrossesSuspension">Its value may be read after a suspension point (or a jump may skip its declaration).</param>
/// <param name="AnonymousWitness">When its type mentions an anonymous type: an expression of that type that never runs.</param>
internal sealed record LocalInfo(
    int Id,
    string Name,
    LocalKind Kind,
    string Type,
    string DeclaredType,
    bool Captured,
    bool CrossesSuspension,
    string? AnonymousWitness);

/// <summary>A lambda or local function of the template that is not inside another one.</summary>
/// <param name="Name">A local function's name; null for a lambda.</param>
/// <param name="UsedLocals">The template locals it uses, declared outside it.</param>
/// <param name="CalledFunctions">The local functions it names.</param>
/// <param name="IsMember">A local function at a flattened level: it becomes a method of the state machine, so the
/// finally methods can call it too.</param>
internal sealed record FunctionInfo(int Id, string? Name, EquatableArray<int> UsedLocals, EquatableArray<int> CalledFunctions, bool IsMember);

/// <summary>
/// A generated member of the containing type through which the state machine reaches a base member non-virtually
/// (the state machine is another class, so it cannot say <c>base</c>).
/// </summary>
/// <param name="Kind">What the accessor is.</param>
/// <param name="Name">The accessor's name.</param>
/// <param name="Member">The base member's name.</param>
/// <param name="Type">The method's return type, the property's or the field's type (<c>void</c> allowed).</param>
/// <param name="Parameters">A method's parameters: <c>ref int __a0 = 3</c>, and how each is passed (<c>ref __a0</c>).</param>
internal sealed record BaseAccessorModel(
    BaseAccessorKind Kind,
    string Name,
    string Member,
    string Type,
    string TypeArguments,
    EquatableArray<string> Parameters,
    EquatableArray<string> Arguments,
    bool HasGetter,
    bool HasSetter,
    bool IsReadOnly,
    EquatableArray<string> TypeParameters = default,
    EquatableArray<string> ConstraintClauses = default);

internal enum BaseAccessorKind
{
    /// <summary><c>private R name(int __a0) =&gt; base.Member(__a0);</c>.</summary>
    Method,

    /// <summary><c>private T name { get =&gt; base.Member; set =&gt; base.Member = value; }</c>.</summary>
    Property,

    /// <summary><c>private ref T name =&gt; ref base.Member;</c>.</summary>
    Field,

    /// <summary><c>private T this[int __a0, name _] { get =&gt; base[__a0]; … }</c>, with the marker struct <c>name</c>.</summary>
    Indexer,

    /// <summary><c>private void name(T handler, bool add) { if (add) base.Member += handler; else base.Member -= handler; }</c>.</summary>
    Event,

    /// <summary><c>private T name { get =&gt; member; set =&gt; member = value; }</c> for a primary constructor parameter.</summary>
    PrimaryConstructorParameter,
}

/// <summary>
/// <c>static TResult __Witness_0&lt;__T0&gt;(Func&lt;__T0&gt; _0) =&gt; default!;</c>: names a generic type whose
/// arguments are anonymous types, from witnesses of those arguments.
/// </summary>
internal sealed record WitnessHelperModel(string Name, string ResultType, int Arity);
