using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary><c>switch</c> statements.</summary>
internal sealed partial class StateMachineLowerer
{
    /// <summary>
    /// <c>switch (e) { case int n when n &gt; 0: A; break; default: B; break; }</c> becomes a dispatch switch that only
    /// jumps, <c>switch (e) { case int n when n &gt; 0: ⟨n⟩ = n; goto __case_1; default: goto __case_2; } goto __break_0;</c>,
    /// followed by the flattened sections under their labels. The boxes of every local the sections declare are made
    /// first (the switch block is their scope).
    /// </summary>
    private void LowerSwitch(SwitchStatement switchStatement, Level level)
    {
        CreateBoxes(switchStatement.ScopeLocals, switchStatement.Span, level);
        string breakLabel = NewLabel("break");
        var sectionLabels = switchStatement.Sections.Select(_ => NewLabel("case")).ToEquatableArray();
        _jumps[switchStatement.Id] = new JumpTarget(switchStatement.Id, breakLabel, null, sectionLabels);
        var cases = switchStatement.Sections
            .SelectMany((section, i) => section.Labels.Select(label => new DispatchCase(label, sectionLabels[i])))
            .ToEquatableArray();
        level.Ops.Add(new SwitchDispatchOp(switchStatement.Governing, cases, breakLabel, switchStatement.Span));
        for (int i = 0; i < switchStatement.Sections.Length; i++)
        {
            level.Ops.Add(new LabelOp(sectionLabels[i], "switch section"));
            LowerStatement(switchStatement.Sections[i].Body, level);
        }

        level.Ops.Add(new LabelOp(breakLabel, "end of switch"));
    }
}
