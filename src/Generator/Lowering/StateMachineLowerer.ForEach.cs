using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary><c>foreach</c>, expanded as the compiler expands it.</summary>
internal sealed partial class StateMachineLowerer
{
    /// <summary>
    /// Arrays and strings: <c>__collection = e; __index = 0; __loop: if (!(__index &lt; __collection.Length)) goto __break;
    /// x = (V)__collection[__index]; B; __continue: __index++; goto __loop; __break:</c>.
    /// Otherwise: <c>__enumerator = e.GetEnumerator(); try { __loop: if (!__enumerator.MoveNext()) goto __break;
    /// x = (V)__enumerator.Current; B; __continue: goto __loop; __break: } finally { dispose __enumerator }</c>, the
    /// finally present only when the enumerator may be disposable. The iteration variables are fresh per iteration.
    /// </summary>
    private void LowerForEach(ForEachStatement forEach, Level level)
    {
        ForEachShape shape = forEach.Shape;
        level.Ops.Add(new ForEachStartOp(shape, forEach.Collection, forEach.CollectionSpan));
        string top = NewLabel("foreach");
        string continueLabel = NewLabel("continue");
        string breakLabel = NewLabel("break");
        JumpsOf(forEach.Id, breakLabel, continueLabel);

        void Loop(Level inner)
        {
            inner.Ops.Add(new LabelOp(top, "foreach"));
            inner.Ops.Add(new ForEachTestOp(shape, breakLabel, forEach.CollectionSpan));
            CreateBoxes(forEach.Target.ScopeLocals, forEach.Span, inner);
            inner.Ops.Add(new ForEachCurrentOp(shape, forEach.Target, forEach.Span));
            LowerStatement(forEach.Body, inner);
            inner.Ops.Add(new LabelOp(continueLabel, "continue"));
            if (shape.Kind == ForEachKind.Indexed)
            {
                inner.Ops.Add(new ForEachAdvanceOp(shape, forEach.CollectionSpan));
            }

            inner.Ops.Add(new GotoOp(top));
            inner.Ops.Add(new LabelOp(breakLabel, "after foreach"));
        }

        if (shape.Kind == ForEachKind.Indexed || shape.Disposal == DisposalKind.None)
        {
            Loop(level);
            return;
        }

        LowerTryFinally(Loop, new FinallyInfo(0, "foreach: dispose the enumerator", new LoweredOp[] { new DisposeOp(shape.EnumeratorTemporary, shape.Disposal, forEach.Span) }.ToEquatableArray()), level);
    }
}
