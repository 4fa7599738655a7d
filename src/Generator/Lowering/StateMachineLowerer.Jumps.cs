using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary><c>if</c>, and where the jumps out of flattened code land.</summary>
internal sealed partial class StateMachineLowerer
{
    /// <summary><c>if (c) A else B</c> becomes <c>if (!(c)) goto __else; A; goto __endif; __else: B; __endif:</c>.</summary>
    private void LowerIf(IfStatement ifStatement, Level level)
    {
        string end = NewLabel("endif");
        if (ifStatement.Else is null)
        {
            level.Ops.Add(new BranchOp(ifStatement.Condition, EquatableArray<int>.Empty, JumpWhen: false, end, ifStatement.Span));
            LowerStatement(ifStatement.Then, level);
        }
        else
        {
            string elseLabel = NewLabel("else");
            level.Ops.Add(new BranchOp(ifStatement.Condition, EquatableArray<int>.Empty, JumpWhen: false, elseLabel, ifStatement.Span));
            LowerStatement(ifStatement.Then, level);
            level.Ops.Add(new GotoOp(end));
            level.Ops.Add(new LabelOp(elseLabel, "else"));
            LowerStatement(ifStatement.Else, level);
        }

        level.Ops.Add(new LabelOp(end, "end of if"));
    }

    /// <summary>Records where <c>break</c> and <c>continue</c> of loop <paramref name="id"/> land (the fragments' jump holes).</summary>
    private void JumpsOf(int id, string breakLabel, string? continueLabel) =>
        _jumps[id] = new JumpTarget(id, breakLabel, continueLabel, EquatableArray<string>.Empty);
}
