using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary><c>while</c>, <c>do</c> and <c>for</c>.</summary>
internal sealed partial class StateMachineLowerer
{
    /// <summary>
    /// <c>while (c) B</c> becomes <c>__loop: if (!(c)) goto __break; B; __continue: goto __loop; __break:</c>;
    /// <c>do B while (c);</c> becomes <c>__loop: B; __continue: if (c) goto __loop; __break:</c>. The condition's own
    /// captured variables get fresh boxes each time it is evaluated.
    /// </summary>
    private void LowerWhile(WhileStatement loop, Level level)
    {
        string top = NewLabel("loop");
        string continueLabel = NewLabel("continue");
        string breakLabel = NewLabel("break");
        JumpsOf(loop.Id, breakLabel, continueLabel);
        level.Ops.Add(new LabelOp(top, loop.TestAfterBody ? "do" : "while"));
        if (!loop.TestAfterBody)
        {
            level.Ops.Add(new BranchOp(loop.Condition, Boxes(loop.ConditionLocals), JumpWhen: false, breakLabel, loop.Span));
        }

        LowerStatement(loop.Body, level);
        level.Ops.Add(new LabelOp(continueLabel, "continue"));
        if (loop.TestAfterBody)
        {
            level.Ops.Add(new BranchOp(loop.Condition, Boxes(loop.ConditionLocals), JumpWhen: true, top, loop.Span));
        }
        else
        {
            level.Ops.Add(new GotoOp(top));
        }

        level.Ops.Add(new LabelOp(breakLabel, loop.TestAfterBody ? "after do" : "after while"));
    }

    /// <summary>
    /// <c>for (I; c; N) B</c> becomes <c>boxes; I; __loop: if (!(c)) goto __break; B; __continue: N; goto __loop; __break:</c>:
    /// the declared variables are one variable for the whole loop (one box), the condition's are fresh per evaluation.
    /// </summary>
    private void LowerFor(ForStatement loop, Level level)
    {
        CreateBoxes(loop.ScopeLocals, loop.Span, level);
        foreach (BodyStatement initializer in loop.Initializers)
        {
            LowerStatement(initializer, level);
        }

        string top = NewLabel("loop");
        string continueLabel = NewLabel("continue");
        string breakLabel = NewLabel("break");
        JumpsOf(loop.Id, breakLabel, continueLabel);
        level.Ops.Add(new LabelOp(top, "for"));
        if (loop.Condition is not null)
        {
            level.Ops.Add(new BranchOp(loop.Condition, Boxes(loop.ConditionLocals), JumpWhen: false, breakLabel, loop.Span));
        }

        LowerStatement(loop.Body, level);
        level.Ops.Add(new LabelOp(continueLabel, "continue: the increments"));
        foreach (CodeStatement increment in loop.Increments)
        {
            LowerStatement(increment, level);
        }

        level.Ops.Add(new GotoOp(top));
        level.Ops.Add(new LabelOp(breakLabel, "after for"));
    }
}
