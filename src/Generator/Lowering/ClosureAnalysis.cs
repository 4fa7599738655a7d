using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// Decides which boxes each local function of the template takes as leading parameters: those of the captured
/// locals it uses, itself or through the local functions it calls. A call passes the boxes current where it is
/// made, so a delegate made from the function keeps that iteration's variables, as a closure does.
/// </summary>
/// <remarks>
/// Sketch: <c>string Show() =&gt; $"copy {copy}";</c> with <c>copy</c> a box becomes
/// <c>string Show(StrongBox&lt;int&gt; __copy_3_box) =&gt; $"copy {__copy_3_box.Value}";</c>, and <c>Show()</c>
/// becomes <c>Show(__copy_3)</c>. A local function at a flattened level becomes the method <c>__Show_fn0</c>.
/// </remarks>
internal static class ClosureAnalysis
{
    public static ClosurePlan Plan(TemplateBody body, HoistingPlan hoisting) =>
        new(body.Functions.Select(f => new FunctionClosure(
                f.Id,
                f.IsMember ? $"__{f.Name}_fn{f.Id}" : f.Name!,
                BoxesOf(f, body, hoisting)))
            .ToEquatableArray());

    private static EquatableArray<int> BoxesOf(FunctionInfo function, TemplateBody body, HoistingPlan hoisting)
    {
        var seen = new HashSet<int> { function.Id };
        var pending = new Stack<int>(seen);
        var boxes = new SortedSet<int>();
        while (pending.Count > 0)
        {
            FunctionInfo current = body.Functions[pending.Pop()];
            foreach (int local in current.UsedLocals)
            {
                if (hoisting.Locals[local].Kind == StorageKind.Box)
                {
                    boxes.Add(local);
                }
            }

            foreach (int called in current.CalledFunctions)
            {
                if (seen.Add(called))
                {
                    pending.Push(called);
                }
            }
        }

        return boxes.ToEquatableArray();
    }
}
