using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// A template lowered to flat code: labels, gotos and suspension points, nested only by the <c>try</c> blocks
/// that contain suspension points (each with its own dispatch, since C# cannot jump into a <c>try</c>).
/// </summary>
internal sealed record LoweredStateMachine(
    EquatableArray<LoweredOp> Body,
    EquatableArray<DispatchEntry> Dispatch,
    EquatableArray<StateInfo> States,
    EquatableArray<FinallyInfo> Finallies,
    EquatableArray<DisposeScope> DisposeScopes);

/// <summary>One instruction of the flat body.</summary>
internal abstract record LoweredOp;

/// <summary>C# text; user code carries its template span (for <c>#line</c>), scaffolding does not.</summary>
internal sealed record CodeOp(string Text, SourceSpan? Span) : LoweredOp;

/// <summary><c>Name:</c>.</summary>
internal sealed record LabelOp(string Name) : LoweredOp;

/// <summary><c>yielded = Expression; __state = State; return true; __resume_State: __state = -1;</c></summary>
internal sealed record SuspendOp(int State, string Expression, SourceSpan Span) : LoweredOp;

/// <summary>A <c>try</c> whose <c>finally</c> is <c>__Finally_{FinallyId}()</c>, skipped while suspending.</summary>
internal sealed record TryOp(int FinallyId, EquatableArray<DispatchEntry> Dispatch, EquatableArray<LoweredOp> Body) : LoweredOp;

/// <summary>Resuming in one of <see cref="States"/> jumps to <see cref="Label"/>.</summary>
internal sealed record DispatchEntry(EquatableArray<int> States, string Label);

/// <summary>A resume state: where the template suspended, and what it yielded.</summary>
internal sealed record StateInfo(int State, int Line, string Display);

/// <summary>The body of a <c>finally</c> that encloses suspension points (a method of its own).</summary>
internal sealed record FinallyInfo(int Id, string Text, SourceSpan Span);

/// <summary>The <c>finally</c> blocks <c>Dispose</c> runs for a state in <see cref="States"/>: the children's first, then this one.</summary>
internal sealed record DisposeScope(int FinallyId, EquatableArray<int> States, EquatableArray<DisposeScope> Children);
