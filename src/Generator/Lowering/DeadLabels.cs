using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// Drops the generated labels nothing jumps to (a loop without <c>continue</c> has no use for its continue label), so
/// the generated code reads like the code a person would write. The template's own labels stay.
/// </summary>
internal static class DeadLabels
{
    public static LoweredStateMachine Remove(LoweredStateMachine machine)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        Collect(machine.Dispatch, used);
        Collect(machine.Body, machine, used);
        foreach (FinallyInfo finallyInfo in machine.Finallies)
        {
            Collect(finallyInfo.Body, machine, used);
        }

        return machine with
        {
            Body = Without(machine.Body, used),
            Finallies = machine.Finallies.Select(f => f with { Body = Without(f.Body, used) }).ToEquatableArray(),
        };
    }

    private static void Collect(EquatableArray<DispatchEntry> dispatch, HashSet<string> used)
    {
        foreach (DispatchEntry entry in dispatch)
        {
            used.Add(entry.Label);
        }
    }

    private static void Collect(EquatableArray<LoweredOp> ops, LoweredStateMachine machine, HashSet<string> used)
    {
        foreach (LoweredOp op in ops)
        {
            switch (op)
            {
                case GotoOp g:
                    used.Add(g.Label);
                    break;
                case BranchOp b:
                    used.Add(b.Label);
                    Collect(b.Condition, machine, used);
                    break;
                case ForEachTestOp t:
                    used.Add(t.Exit);
                    break;
                case SwitchDispatchOp s:
                    used.Add(s.NoMatch);
                    foreach (DispatchCase c in s.Cases)
                    {
                        used.Add(c.Target);
                    }

                    break;
                case TryOp t:
                    Collect(t.Dispatch, used);
                    Collect(t.Body, machine, used);
                    break;
                case CodeOp c:
                    Collect(c.Code, machine, used);
                    break;
                case SuspendOp s:
                    Collect(s.Expression, machine, used);
                    break;
            }
        }
    }

    /// <summary>The labels a fragment's jump holes land on.</summary>
    private static void Collect(Fragment fragment, LoweredStateMachine machine, HashSet<string> used)
    {
        foreach (JumpPart jump in fragment.Parts.OfType<JumpPart>())
        {
            if (machine.Jumps.FirstOrDefault(j => j.Id == jump.Target) is not { } target)
            {
                continue;
            }

            string? label = jump.Kind switch
            {
                JumpKind.Break => target.Break,
                JumpKind.Continue => target.Continue,
                JumpKind.GotoSection => target.Sections[jump.Section],
                _ => null,
            };
            if (label is not null)
            {
                used.Add(label);
            }
        }
    }

    private static EquatableArray<LoweredOp> Without(EquatableArray<LoweredOp> ops, HashSet<string> used) =>
        ops
            .Where(op => op is not LabelOp label || !label.Name.StartsWith("__", StringComparison.Ordinal) || used.Contains(label.Name))
            .Select(op => op is TryOp t ? t with { Body = Without(t.Body, used) } : op)
            .ToEquatableArray();
}
