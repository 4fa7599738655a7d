using Coroutines.Generator.Helpers;
using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Tests.Lowering;

/// <summary>The lowering as a pure function: body trees built by hand, no Roslyn.</summary>
public sealed class StateMachineLowererTests
{
    private static readonly SourceSpan s_span = new(1, 1, 1, 1);

    private static YieldReturnStatement Yield(string expression, int line) => new(expression, expression, new SourceSpan(line, 5, line, 20));

    private static BlockStatement Block(params BodyStatement[] statements) => new(statements.ToEquatableArray());

    private static CodeStatement Code(string text) => new(text, s_span);

    [Fact]
    public void StraightLine_NumbersStatesInOrderWithTheirLines()
    {
        LoweredStateMachine machine = StateMachineLowerer.Lower(Block(Code("A();"), Yield("Sleep(1)", 3), Code("B();"), Yield("default", 5)));
        Assert.Equal(new[] { (0, 3, "Sleep(1)"), (1, 5, "default") }, machine.States.Select(s => (s.State, s.Line, s.Display)));
        Assert.Equal(new[] { "__resume_0", "__resume_1" }, machine.Dispatch.Select(d => d.Label));
        Assert.Empty(machine.DisposeScopes);
    }

    [Fact]
    public void NestedTry_DispatchesThroughEachTryAndDisposesInnermostFirst()
    {
        BodyStatement body = Block(
            Yield("a", 1),
            new TryFinallyStatement(
                Block(Yield("b", 2), new TryFinallyStatement(Block(Yield("c", 3)), Code("{ Inner(); }"))),
                Code("{ Outer(); }")),
            Yield("d", 4));
        LoweredStateMachine machine = StateMachineLowerer.Lower(body);

        Assert.Equal(new[] { "__resume_0", "__try_0", "__resume_3" }, machine.Dispatch.Select(d => d.Label));
        Assert.Equal(new[] { 1, 2 }, machine.Dispatch[1].States);
        DisposeScope outer = Assert.Single(machine.DisposeScopes);
        Assert.Equal(0, outer.FinallyId);
        Assert.Equal(new[] { 1, 2 }, outer.States);
        DisposeScope inner = Assert.Single(outer.Children);
        Assert.Equal(1, inner.FinallyId);
        Assert.Equal(new[] { 2 }, inner.States);
        var tryOp = Assert.Single(machine.Body.OfType<TryOp>());
        Assert.Equal(new[] { "__resume_1", "__try_1" }, tryOp.Dispatch.Select(d => d.Label));
    }

    [Fact]
    public void TryWithoutSuspension_NeedsNoDispatchOrDisposal()
    {
        LoweredStateMachine machine = StateMachineLowerer.Lower(Block(new TryFinallyStatement(Block(Code("A();")), Code("{ F(); }")), Yield("x", 9)));
        Assert.Empty(Assert.Single(machine.Body.OfType<TryOp>()).Dispatch);
        Assert.Empty(machine.DisposeScopes);
        Assert.Single(machine.Finallies);
    }

    [Fact]
    public void WhileLoop_TestsFirstAndJumpsBack()
    {
        var loop = new LoopStatement(7, "i < 3", s_span, Block(Yield("default", 2)), EquatableArray<BodyStatement>.Empty, TestAfterBody: false);
        LoweredStateMachine machine = StateMachineLowerer.Lower(Block(loop));
        string[] ops = machine.Body.Select(op => op switch
        {
            CodeOp c => c.Text,
            LabelOp l => l.Name + ":",
            SuspendOp s => $"suspend {s.State}",
            _ => op.ToString()!,
        }).ToArray();
        Assert.Equal(new[] { "__loop_0:", "if (!(i < 3)) goto __break_7;", "suspend 0", "__continue_7:", "goto __loop_0;", "__break_7:" }, ops);
    }

    [Fact]
    public void Lowering_IsPureAndEquatable()
    {
        BodyStatement body = Block(new IfStatement("c", s_span, Yield("a", 1), Block(Yield("b", 2))));
        Assert.Equal(StateMachineLowerer.Lower(body), StateMachineLowerer.Lower(body));
    }
}
