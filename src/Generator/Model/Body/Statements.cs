using Coroutines.Generator.Helpers;

namespace Coroutines.Generator.Model.Body;

/// <summary>
/// The template body as the lowering sees it: control flow that contains a suspension point keeps its structure;
/// everything else is a <see cref="Fragment"/> of user code.
/// </summary>
internal abstract record BodyStatement;

/// <summary>Statements in order. <see cref="ScopeLocals"/> are the locals whose scope this block is (their boxes are made on entry).</summary>
internal sealed record BlockStatement(EquatableArray<int> ScopeLocals, EquatableArray<BodyStatement> Statements) : BodyStatement;

/// <summary>A statement without suspension points.</summary>
internal sealed record CodeStatement(Fragment Code, SourceSpan Span) : BodyStatement;

/// <summary><c>T a = e, b;</c> at a flattened level: each declarator's local lives where the hoisting plan says.</summary>
internal sealed record DeclarationStatement(EquatableArray<Declarator> Declarators, SourceSpan Span) : BodyStatement;

/// <summary>One declared local and its initializer.</summary>
internal sealed record Declarator(int Local, Fragment? Initializer);

/// <summary><c>yield return Expression;</c>: a suspension point.</summary>
internal sealed record YieldReturnStatement(Fragment Expression, string Display, SourceSpan Span) : BodyStatement;

/// <summary><c>if (Condition) Then else Else</c> with a suspension point in a branch.</summary>
internal sealed record IfStatement(Fragment Condition, SourceSpan Span, BodyStatement Then, BodyStatement? Else) : BodyStatement;

/// <summary>
/// <c>while</c> (test first) or <c>do</c> (<see cref="TestAfterBody"/>) with a suspension point. <see cref="ConditionLocals"/>
/// are declared by the condition: fresh for each evaluation.
/// </summary>
internal sealed record WhileStatement(int Id, Fragment Condition, EquatableArray<int> ConditionLocals, SourceSpan Span, BodyStatement Body, bool TestAfterBody) : BodyStatement;

/// <summary>
/// <c>for (Initializers; Condition; Increments) Body</c> with a suspension point. The declared variables are one
/// variable for the whole loop (<see cref="ScopeLocals"/>); the condition's are fresh per evaluation.
/// </summary>
internal sealed record ForStatement(
    int Id,
    EquatableArray<int> ScopeLocals,
    EquatableArray<BodyStatement> Initializers,
    Fragment? Condition,
    EquatableArray<int> ConditionLocals,
    EquatableArray<CodeStatement> Increments,
    SourceSpan Span,
    BodyStatement Body) : BodyStatement;

/// <summary><c>foreach (Target in Collection) Body</c> with a suspension point, with what the compiler bound it to.</summary>
internal sealed record ForEachStatement(int Id, Fragment Collection, SourceSpan CollectionSpan, ForEachShape Shape, ForEachTarget Target, SourceSpan Span, BodyStatement Body) : BodyStatement;

/// <summary>
/// How the compiler iterates: <see cref="ForEachKind.Indexed"/> (arrays and strings, through
/// <see cref="CollectionTemporary"/> and <see cref="IndexTemporary"/>) or through an enumerator
/// (<see cref="EnumeratorTemporary"/>), with the casts explicit interface implementations need, and how it is disposed.
/// </summary>
/// <param name="GetEnumerator">
/// <c>GetEnumerator</c> as a member (<see cref="ReceiverCast"/> casts the collection first) or, when it is an extension
/// method, the static type holding it (<see cref="ExtensionType"/>).
/// </param>
internal sealed record ForEachShape(
    ForEachKind Kind,
    int CollectionTemporary,
    int IndexTemporary,
    int EnumeratorTemporary,
    string GetEnumerator,
    CastModel? ReceiverCast,
    string? ExtensionType,
    CastModel? MoveNextCast,
    CastModel? CurrentCast,
    DisposalKind Disposal);

/// <summary>
/// A cast to <see cref="Type"/>; when the type mentions an anonymous type it cannot be spelled, and the cast goes
/// through a generic helper typed by <see cref="Witness"/>.
/// </summary>
internal sealed record CastModel(string Type, string? Witness);

internal enum ForEachKind
{
    Indexed,
    Enumerator,
}

/// <summary>
/// The iteration variable: a local (<see cref="Local"/>, assigned <c>(Cast)(current)</c>), or a deconstruction whose
/// designations are the <see cref="Deconstruction"/> fragment (<c>(a, (b, c))</c>). Its locals are fresh per iteration.
/// </summary>
internal sealed record ForEachTarget(int? Local, string? Cast, Fragment? Deconstruction, EquatableArray<int> ScopeLocals);

/// <summary>
/// <c>using (resources) Body</c>, or <c>using var</c> and the rest of its block, at a flattened level. The resources a
/// using statement declares have it as their scope (<see cref="ScopeLocals"/>).
/// </summary>
internal sealed record UsingStatement(EquatableArray<int> ScopeLocals, EquatableArray<UsingResource> Resources, SourceSpan Span, BodyStatement Body) : BodyStatement;

/// <summary>One resource: a declared local, or an expression kept in a temporary (<see cref="Local"/> is then the temporary).</summary>
internal sealed record UsingResource(int Local, Fragment Value, DisposalKind Disposal, SourceSpan Span);

/// <summary>How the compiler disposes a resource or an enumerator.</summary>
internal enum DisposalKind
{
    /// <summary>Not disposable (a sealed class or a struct that is not).</summary>
    None,

    /// <summary>A class or interface: <c>if ((object)r != null) ((IDisposable)r).Dispose();</c>.</summary>
    Reference,

    /// <summary>A struct with a public <c>Dispose()</c>: called on the variable itself.</summary>
    StructPublic,

    /// <summary>A struct implementing <c>IDisposable</c> explicitly.</summary>
    StructInterface,

    /// <summary>A nullable struct: disposed when it has a value.</summary>
    Nullable,

    /// <summary>An unsealed class or interface enumerator that might be disposable: tested at run time.</summary>
    RuntimeCheck,
}

/// <summary><c>try { Body } finally { Finally }</c> with a suspension point in the body (a finally block cannot suspend).</summary>
internal sealed record TryFinallyStatement(BodyStatement Body, Fragment Finally, SourceSpan FinallySpan) : BodyStatement;

/// <summary>A label of the template, at a flattened level.</summary>
internal sealed record LabelStatement(string Name) : BodyStatement;

/// <summary>
/// A <c>switch</c> with a suspension point in a section. The locals its sections declare have the switch block as
/// their scope (<see cref="ScopeLocals"/>).
/// </summary>
internal sealed record SwitchStatement(int Id, Fragment Governing, SourceSpan Span, EquatableArray<int> ScopeLocals, EquatableArray<SwitchSectionModel> Sections) : BodyStatement;

internal sealed record SwitchSectionModel(EquatableArray<SwitchLabelModel> Labels, BodyStatement Body);

/// <summary>
/// <c>case Pattern when When:</c> (<see cref="Pattern"/> null: <c>default:</c>). The pattern's variables keep their names
/// in the dispatch and are copied to their storage (<see cref="Copies"/>) once the label matched.
/// </summary>
internal sealed record SwitchLabelModel(Fragment? Pattern, Fragment? When, EquatableArray<PatternCopy> Copies);

/// <summary><c>storage-of-Local = Designation;</c>.</summary>
internal sealed record PatternCopy(int Local, string Designation);

/// <summary>A local function declared at a flattened level: a method of the state machine.</summary>
internal sealed record LocalFunctionStatement(int Function, Fragment Declaration, SourceSpan Span) : BodyStatement;
