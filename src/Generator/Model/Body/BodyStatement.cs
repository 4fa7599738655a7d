using Coroutines.Generator.Helpers;

namespace Coroutines.Generator.Model.Body;

/// <summary>
/// The template body as the lowering sees it: control flow that contains a suspension point is kept as
/// structure; everything else is already-rewritten C# text (<see cref="CodeStatement"/>).
/// </summary>
internal abstract record BodyStatement;

/// <summary>Statements in order; a flattened <c>{ ... }</c>.</summary>
internal sealed record BlockStatement(EquatableArray<BodyStatement> Statements) : BodyStatement;

/// <summary>A statement without suspension points, emitted verbatim (hoisted locals already renamed).</summary>
internal sealed record CodeStatement(string Text, SourceSpan Span) : BodyStatement;

/// <summary><c>yield return Expression;</c>: a suspension point.</summary>
internal sealed record YieldReturnStatement(string Expression, string Display, SourceSpan Span) : BodyStatement;

/// <summary><c>yield break;</c> at a flattened level.</summary>
internal sealed record YieldBreakStatement(SourceSpan Span) : BodyStatement;

/// <summary><c>if (Condition) Then else Else</c> with a suspension point in a branch.</summary>
internal sealed record IfStatement(string Condition, SourceSpan Span, BodyStatement Then, BodyStatement? Else) : BodyStatement;

/// <summary>
/// Every loop with a suspension point: <c>while</c> (test first), <c>do</c> (test after the body), <c>for</c>
/// (initializers and increments) and desugared <c>foreach</c>. <c>break</c> and <c>continue</c> inside it were
/// rewritten to <c>goto</c>s on the labels named after <see cref="Id"/>.
/// </summary>
internal sealed record LoopStatement(
    int Id,
    string? Condition,
    SourceSpan Span,
    BodyStatement Body,
    EquatableArray<BodyStatement> Increments,
    bool TestAfterBody) : BodyStatement;

/// <summary><c>try { Body } finally { Finally }</c> with a suspension point in the body (finally blocks cannot suspend).</summary>
internal sealed record TryFinallyStatement(BodyStatement Body, BodyStatement Finally) : BodyStatement;

/// <summary>A label of the template or of the desugaring, at a flattened level.</summary>
internal sealed record LabelStatement(string Name) : BodyStatement;

/// <summary>
/// A <c>switch</c> with a suspension point in a section: <see cref="Dispatch"/> is the switch itself with each
/// section's body replaced by a jump to the section's label (pattern variables copied into their fields first).
/// </summary>
internal sealed record SwitchStatement(int Id, string Dispatch, SourceSpan Span, EquatableArray<BodyStatement> Sections) : BodyStatement;
