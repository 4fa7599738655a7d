using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// A template lowered to flat code: labels, gotos and suspension points, nested only by the <c>try</c> blocks (each
/// with its own dispatch, since C# cannot jump into a <c>try</c>), with the plans that say where every local lives
/// and which boxes each closure takes. The emitter only spells it.
/// </summary>
internal sealed record LoweredStateMachine(
    EquatableArray<LoweredOp> Body,
    EquatableArray<DispatchEntry> Dispatch,
    EquatableArray<StateInfo> States,
    EquatableArray<FinallyInfo> Finallies,
    EquatableArray<DisposeScope> DisposeScopes,
    EquatableArray<JumpTarget> Jumps,
    EquatableArray<LocalFunctionStatement> LocalFunctions,
    HoistingPlan Hoisting,
    ClosurePlan Closures);

/// <summary>One instruction of the flat body.</summary>
internal abstract record LoweredOp;

/// <summary>User statements; their template span maps them back (<c>#line</c>).</summary>
internal sealed record CodeOp(Fragment Code, SourceSpan? Span) : LoweredOp;

/// <summary><c>T a = e, b;</c>: each local declared or assigned where the hoisting plan keeps it.</summary>
internal sealed record DeclareOp(EquatableArray<Declarator> Declarators, SourceSpan Span) : LoweredOp;

/// <summary>Fresh boxes for the captured locals of a scope being entered.</summary>
internal sealed record CreateBoxesOp(EquatableArray<int> Locals, SourceSpan? Span) : LoweredOp;

/// <summary><c>storage-of-Local = Value;</c> (a temporary of a construct).</summary>
internal sealed record StoreOp(int Local, Fragment Value, SourceSpan? Span) : LoweredOp;

/// <summary><c>Name:</c>, with the construct it belongs to.</summary>
internal sealed record LabelOp(string Name, string? Construct) : LoweredOp;

/// <summary><c>goto Label;</c>.</summary>
internal sealed record GotoOp(string Label) : LoweredOp;

/// <summary>
/// <c>if (Condition) goto Label;</c> (or <c>if (!(Condition))</c> when <see cref="JumpWhen"/> is false), making fresh boxes
/// for the condition's own captured variables first.
/// </summary>
internal sealed record BranchOp(Fragment Condition, EquatableArray<int> FreshBoxes, bool JumpWhen, string Label, SourceSpan? Span) : LoweredOp;

/// <summary><c>yielded = Expression; __state = State; return true; __resume_State: __state = -1;</c>.</summary>
internal sealed record SuspendOp(int State, Fragment Expression, SourceSpan Span) : LoweredOp;

/// <summary>A <c>try</c> whose <c>finally</c> is the method of <see cref="FinallyId"/>, skipped while suspending.</summary>
internal sealed record TryOp(int FinallyId, EquatableArray<DispatchEntry> Dispatch, EquatableArray<LoweredOp> Body) : LoweredOp;

/// <summary>The start of a <c>foreach</c>: keep the collection (and reset the index) or get the enumerator.</summary>
internal sealed record ForEachStartOp(ForEachShape Shape, Fragment Collection, SourceSpan Span) : LoweredOp;

/// <summary><c>if (!(index &lt; collection.Length)) goto Exit;</c> or <c>if (!enumerator.MoveNext()) goto Exit;</c>.</summary>
internal sealed record ForEachTestOp(ForEachShape Shape, string Exit, SourceSpan Span) : LoweredOp;

/// <summary>The iteration variables from the current element.</summary>
internal sealed record ForEachCurrentOp(ForEachShape Shape, ForEachTarget Target, SourceSpan Span) : LoweredOp;

/// <summary><c>index++;</c>.</summary>
internal sealed record ForEachAdvanceOp(ForEachShape Shape, SourceSpan Span) : LoweredOp;

/// <summary>Disposes the resource or enumerator held by <see cref="Local"/> as the compiler would.</summary>
internal sealed record DisposeOp(int Local, DisposalKind Disposal, SourceSpan? Span) : LoweredOp;

/// <summary>
/// A switch that only dispatches: each label copies its pattern variables to their storage and jumps to its
/// section; no match jumps to <see cref="NoMatch"/>.
/// </summary>
internal sealed record SwitchDispatchOp(Fragment Governing, EquatableArray<DispatchCase> Cases, string NoMatch, SourceSpan Span) : LoweredOp;

internal sealed record DispatchCase(SwitchLabelModel Label, string Target);

/// <summary>Resuming in one of <see cref="States"/> jumps to <see cref="Label"/>.</summary>
internal sealed record DispatchEntry(EquatableArray<int> States, string Label);

/// <summary>A resume state: where the template suspended, and what it yielded.</summary>
internal sealed record StateInfo(int State, int Line, string Display);

/// <summary>The body of a <c>finally</c> (a method of its own, which <c>Dispose</c> calls too).</summary>
internal sealed record FinallyInfo(int Id, string Construct, EquatableArray<LoweredOp> Body);

/// <summary>The <c>finally</c> blocks <c>Dispose</c> runs for a state in <see cref="States"/>: the children's first, then this one.</summary>
internal sealed record DisposeScope(int FinallyId, EquatableArray<int> States, EquatableArray<DisposeScope> Children);

/// <summary>Where the jumps out of flattened code land, by the parser's loop or switch id.</summary>
internal sealed record JumpTarget(int Id, string? Break, string? Continue, EquatableArray<string> Sections);

/// <summary>Where each template local lives (indexed by local id).</summary>
internal sealed record HoistingPlan(EquatableArray<LocalStorage> Locals);

/// <summary>How a local is stored and spelled.</summary>
/// <param name="Type">The field's type (<c>StrongBox&lt;T&gt;</c> for a box, <c>object</c> for an anonymous type).</param>
/// <param name="ValueType">The local's own type.</param>
/// <param name="Witness">For a type that mentions an anonymous type: the witness that names it.</param>
internal sealed record LocalStorage(StorageKind Kind, string Name, string Type, string ValueType, string DeclaredType, string? Witness);

internal enum StorageKind
{
    /// <summary>Declared inside code copied as it is: its own name.</summary>
    Verbatim,

    /// <summary>A local of <c>MoveNext</c>, renamed so locals of different template scopes never meet.</summary>
    Local,

    /// <summary>A field of the state machine.</summary>
    Field,

    /// <summary>A field holding a box, fresh per entry of the local's scope, shared with the closures that capture it.</summary>
    Box,

    /// <summary>A constant of the state machine.</summary>
    Constant,
}

/// <summary>For each local function of the template (by function id): its emitted name and the boxes it takes, in order.</summary>
internal sealed record ClosurePlan(EquatableArray<FunctionClosure> Functions);

internal sealed record FunctionClosure(int Function, string Name, EquatableArray<int> Boxes);
