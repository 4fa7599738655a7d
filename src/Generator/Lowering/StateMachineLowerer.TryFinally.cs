using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary><c>try</c>/<c>finally</c>, and the finally blocks <c>using</c> and <c>foreach</c> make.</summary>
internal sealed partial class StateMachineLowerer
{
    private void LowerTryFinally(BodyStatement body, FinallyInfo finallyInfo, Level level) =>
        LowerTryFinally(inner => LowerStatement(body, inner), finallyInfo, level);

    /// <summary>
    /// <c>try { B } finally { F }</c> becomes <c>__try_f: try { dispatch; B } finally { if (__state &lt; 0) __Finally{f}(); }</c>:
    /// the finally body is a method (Dispose calls it too, for a coroutine closed while suspended inside), and it runs
    /// when control leaves the block (running: -1; finished: -2), not when the coroutine suspends inside it.
    /// </summary>
    private void LowerTryFinally(Action<Level> lowerBody, FinallyInfo finallyInfo, Level level)
    {
        int id = _finallies.Count;
        _finallies.Add(finallyInfo with { Id = id });
        var inner = new Level();
        lowerBody(inner);
        if (inner.States.Count > 0)
        {
            string label = NewLabel("try");
            level.Ops.Add(new LabelOp(label, "resume inside the try"));
            level.Nested.Add((inner.States.ToArray(), label));
            level.States.AddRange(inner.States);
            level.Scopes.Add(new DisposeScope(id, inner.States.ToEquatableArray(), inner.Scopes.ToEquatableArray()));
        }

        level.Ops.Add(new TryOp(id, inner.DispatchEntries(), inner.Ops.ToEquatableArray()));
    }
}
