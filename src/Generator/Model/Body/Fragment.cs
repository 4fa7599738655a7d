using Coroutines.Generator.Helpers;

namespace Coroutines.Generator.Model.Body;

/// <summary>
/// A piece of the user's code, already rewritten for the state machine (members qualified, <c>this</c> captured,
/// <c>nameof</c> folded) except for what the lowering decides: where each template local lives, which boxes a
/// closure reaches, and where a jump out of flattened code lands. Those are holes (<see cref="FragmentPart"/>s).
/// </summary>
internal sealed record Fragment(EquatableArray<FragmentPart> Parts)
{
    public static Fragment Empty { get; } = new(EquatableArray<FragmentPart>.Empty);

    public static Fragment Text(string text) => new(new FragmentPart[] { new TextPart(text) }.ToEquatableArray());

    public bool IsEmpty => Parts.All(static p => p is TextPart { Text.Length: 0 });

    /// <summary>The text around the holes, for messages and the state table.</summary>
    public override string ToString() => string.Concat(Parts.Select(static p => p is TextPart text ? text.Text : "…"));
}

/// <summary>One piece of a <see cref="Fragment"/>: text, or a hole the lowering fills.</summary>
internal abstract record FragmentPart;

/// <summary>User code, verbatim.</summary>
internal sealed record TextPart(string Text) : FragmentPart;

/// <summary>
/// A template local (an index into <see cref="TemplateBody.Locals"/>), read or written: its MoveNext local, its field,
/// or its box's <c>Value</c>, reached the way <see cref="Via"/> says.
/// </summary>
internal sealed record LocalPart(int Local, ClosureAccess Via) : FragmentPart;

/// <summary>
/// The boxes a local function takes before its own parameters (<c>StrongBox&lt;int&gt; __c__x_1, </c>);
/// <see cref="MoreFollow"/> when it has parameters of its own.
/// </summary>
internal sealed record BoxParametersPart(int Function, bool MoreFollow) : FragmentPart;

/// <summary>The boxes passed to a local function at a call, from where <see cref="Via"/> says.</summary>
internal sealed record BoxArgumentsPart(int Function, ClosureAccess Via, bool MoreFollow) : FragmentPart;

/// <summary>The name of a template-level local function, which becomes a method of the state machine.</summary>
internal sealed record FunctionNamePart(int Function) : FragmentPart;

/// <summary>
/// A local function of the template used as a delegate. Without boxes it is its name; with boxes, a lambda that passes
/// the boxes of this moment, as the compiler's delegate keeps its closure: <c>((int __a0) =&gt; F(__c__x_1, __a0))</c>.
/// </summary>
/// <param name="Parameters">The lambda's parameter list: <c>int __a0, ref string __a1</c>.</param>
/// <param name="Arguments">How the lambda passes them on: <c>__a0, ref __a1</c>.</param>
/// <param name="TypeArguments"><c>&lt;int&gt;</c> for a generic function, or empty.</param>
/// <param name="ReturnsByRef">The lambda returns <c>ref</c> the call.</param>
internal sealed record FunctionDelegatePart(int Function, ClosureAccess Via, string Parameters, string Arguments, string TypeArguments, bool ReturnsByRef) : FragmentPart;

/// <summary>A jump out of flattened code, a whole statement: where it lands is the lowering's label.</summary>
/// <param name="Target">The loop or switch id (<see cref="JumpKind.YieldBreak"/>: unused).</param>
/// <param name="Section">For <see cref="JumpKind.GotoSection"/>: the section's index.</param>
internal sealed record JumpPart(JumpKind Kind, int Target, int Section) : FragmentPart;

internal enum JumpKind
{
    Break,
    Continue,
    GotoSection,
    YieldBreak,
}

/// <summary>How code reaches a captured local's box.</summary>
internal enum ClosureAccess
{
    /// <summary>From the template's own code: the box field.</summary>
    Direct,

    /// <summary>From a lambda: a copy of the box taken by the statement (or expression) that creates the lambda.</summary>
    StatementCopy,

    /// <summary>From a local function: the box parameter it takes.</summary>
    FunctionParameter,
}
