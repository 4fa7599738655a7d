using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary><c>using</c> statements and declarations.</summary>
internal sealed partial class StateMachineLowerer
{
    /// <summary>
    /// <c>using (var a = x, b = y) B</c> becomes <c>a = x; try { b = y; try { B } finally { dispose b } } finally { dispose a }</c>,
    /// the compiler's own expansion; <c>using (e) B</c> keeps <c>e</c> in a temporary first.
    /// </summary>
    private void LowerUsing(UsingStatement usingStatement, Level level)
    {
        CreateBoxes(usingStatement.ScopeLocals, usingStatement.Span, level);
        LowerResources(usingStatement, 0, level);
    }

    private void LowerResources(UsingStatement usingStatement, int index, Level level)
    {
        if (index == usingStatement.Resources.Length)
        {
            LowerStatement(usingStatement.Body, level);
            return;
        }

        UsingResource resource = usingStatement.Resources[index];
        level.Ops.Add(new StoreOp(resource.Local, resource.Value, resource.Span));
        var finallyInfo = new FinallyInfo(0, "using: dispose the resource", new LoweredOp[] { new DisposeOp(resource.Local, resource.Disposal, usingStatement.Span) }.ToEquatableArray());
        LowerTryFinally(inner => LowerResources(usingStatement, index + 1, inner), finallyInfo, level);
    }
}
