using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary><c>yield return</c>.</summary>
internal sealed partial class StateMachineLowerer
{
    /// <summary>
    /// <c>yield return e;</c> becomes <c>yielded = e; __state = k; return true; __resume_k: __state = -1;</c>, and the
    /// dispatch of the enclosing level jumps to <c>__resume_k</c> when MoveNext runs again in state k.
    /// </summary>
    private void LowerYieldReturn(YieldReturnStatement yieldReturn, Level level)
    {
        int state = _states.Next(yieldReturn.Span, yieldReturn.Display);
        level.Ops.Add(new SuspendOp(state, yieldReturn.Expression, yieldReturn.Span));
        level.Direct.Add((state, ResumeLabel(state)));
        level.States.Add(state);
    }
}
