using Coroutines.Generator.Helpers;
using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Tests.Lowering;

/// <summary>The lowering as a pure function: bodies and facts built by hand, no Roslyn.</summary>
public sealed class StateMachineLowererTests
{
    private static readonly SourceSpan s_span = new(1, 1, 1, 1);

    private static YieldReturnStatement Yield(string expression, int line) => new(Fragment.Text(expression), expression, new SourceSpan(line, 5, line, 20));

    private static BlockStatement Block(params BodyStatement[] statements) => new(EquatableArray<int>.Empty, statements.ToEquatableArray());

    private static CodeStatement Code(string text) => new(Fragment.Text(text), s_span);

    private static TemplateBody Body(BodyStatement root, params LocalInfo[] locals) =>
        new(root, locals.ToEquatableArray(), EquatableArray<FunctionInfo>.Empty, EquatableArray<BaseAccessorModel>.Empty, EquatableArray<WitnessHelperModel>.Empty);

    private static LocalInfo Local(int id, string name, LocalKind kind, bool captured = false, bool crosses = false) =>
        new(id, name, kind, "int", "int", captured, crosses, null);

    private static string Show(LoweredOp op) => op switch
    {
        CodeOp c => c.Code.ToString(),
        LabelOp l => l.Name + ":",
        GotoOp g => $"goto {g.Label}",
        BranchOp b => $"if{(b.JumpWhen ? string.Empty : " not")} {b.Condition} goto {b.Label}",
        SuspendOp s => $"suspend {s.State}",
        CreateBoxesOp boxes => $"boxes {string.Join(",", boxes.Locals)}",
        _ => op.GetType().Name,
    };

    [Fact]
    public void StraightLine_NumbersStatesInOrderWithTheirLines()
    {
        LoweredStateMachine machine = StateMachineLowerer.Lower(Body(Block(Code("A();"), Yield("Sleep(1)", 3), Code("B();"), Yield("default", 5))));
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
                Block(Yield("b", 2), new TryFinallyStatement(Block(Yield("c", 3)), Fragment.Text("{ Inner(); }"), s_span)),
                Fragment.Text("{ Outer(); }"),
                s_span),
            Yield("d", 4));
        LoweredStateMachine machine = StateMachineLowerer.Lower(Body(body));

        Assert.Equal(new[] { "__resume_0", "__try_1", "__resume_3" }, machine.Dispatch.Select(d => d.Label));
        Assert.Equal(new[] { 1, 2 }, machine.Dispatch[1].States);
        DisposeScope outer = Assert.Single(machine.DisposeScopes);
        Assert.Equal(0, outer.FinallyId);
        Assert.Equal(new[] { 1, 2 }, outer.States);
        DisposeScope inner = Assert.Single(outer.Children);
        Assert.Equal(1, inner.FinallyId);
        Assert.Equal(new[] { 2 }, inner.States);
        var tryOp = Assert.Single(machine.Body.OfType<TryOp>());
        Assert.Equal(new[] { "__resume_1", "__try_0" }, tryOp.Dispatch.Select(d => d.Label));
    }

    [Fact]
    public void TryWithoutSuspension_NeedsNoDispatchOrDisposal()
    {
        LoweredStateMachine machine = StateMachineLowerer.Lower(Body(Block(new TryFinallyStatement(Block(Code("A();")), Fragment.Text("{ F(); }"), s_span), Yield("x", 9))));
        Assert.Empty(Assert.Single(machine.Body.OfType<TryOp>()).Dispatch);
        Assert.Empty(machine.DisposeScopes);
        Assert.Single(machine.Finallies);
    }

    [Fact]
    public void WhileLoop_TestsFirstJumpsBack_AndDropsTheContinueLabelNothingUses()
    {
        var loop = new WhileStatement(7, Fragment.Text("i < 3"), EquatableArray<int>.Empty, s_span, Block(Yield("default", 2)), TestAfterBody: false);
        LoweredStateMachine machine = StateMachineLowerer.Lower(Body(Block(loop)));
        Assert.Equal(new[] { "__loop_0:", "if not i < 3 goto __break_2", "suspend 0", "goto __loop_0", "__break_2:" }, machine.Body.Select(Show));
    }

    [Fact]
    public void ContinueInAFragment_KeepsTheContinueLabel()
    {
        var jump = new CodeStatement(new Fragment(new FragmentPart[] { new TextPart("if (x) "), new JumpPart(JumpKind.Continue, 7, 0) }.ToEquatableArray()), s_span);
        var loop = new WhileStatement(7, Fragment.Text("i < 3"), EquatableArray<int>.Empty, s_span, Block(jump, Yield("default", 2)), TestAfterBody: false);
        LoweredStateMachine machine = StateMachineLowerer.Lower(Body(Block(loop)));
        Assert.Contains("__continue_1:", machine.Body.Select(Show));
        Assert.Equal(new JumpTarget(7, "__break_2", "__continue_1", EquatableArray<string>.Empty), Assert.Single(machine.Jumps));
    }

    [Fact]
    public void Hoisting_KeepsLocalsThatCrossNoSuspensionInMoveNext()
    {
        LoweredStateMachine machine = StateMachineLowerer.Lower(Body(
            Block(Yield("default", 1)),
            Local(0, "plain", LocalKind.Declared),
            Local(1, "crossing", LocalKind.Declared, crosses: true),
            Local(2, "captured", LocalKind.Declared, captured: true),
            Local(3, "loopVariable", LocalKind.Field),
            Local(4, "limit", LocalKind.Const),
            Local(5, "nested", LocalKind.Verbatim),
            Local(6, "enumerator", LocalKind.Temporary, crosses: true)));
        Assert.Equal(
            new[]
            {
                (StorageKind.Local, "__plain_1", "int"),
                (StorageKind.Field, "__crossing_2", "int"),
                (StorageKind.Box, "__captured_3", "global::System.Runtime.CompilerServices.StrongBox<int>"),
                (StorageKind.Field, "__loopVariable_4", "int"),
                (StorageKind.Constant, "__limit_5", "int"),
                (StorageKind.Verbatim, "nested", "int"),
                (StorageKind.Field, "__enumerator_7", "int"),
            },
            machine.Hoisting.Locals.Select(l => (l.Kind, l.Name, l.Type)));
    }

    [Fact]
    public void Closures_TakeTheBoxesOfWhatTheyCallTransitively_AndMembersGetTheirOwnNames()
    {
        var body = new TemplateBody(
            Block(Yield("default", 1)),
            new[] { Local(0, "a", LocalKind.Declared, captured: true), Local(1, "b", LocalKind.Declared, captured: true), Local(2, "c", LocalKind.Declared, crosses: true) }.ToEquatableArray(),
            new[]
            {
                new FunctionInfo(0, "Outer", new[] { 0, 2 }.ToEquatableArray(), new[] { 1 }.ToEquatableArray(), IsMember: true),
                new FunctionInfo(1, "Inner", new[] { 1 }.ToEquatableArray(), new[] { 0 }.ToEquatableArray(), IsMember: false),
                new FunctionInfo(2, "Alone", EquatableArray<int>.Empty, EquatableArray<int>.Empty, IsMember: true),
            }.ToEquatableArray(),
            EquatableArray<BaseAccessorModel>.Empty,
            EquatableArray<WitnessHelperModel>.Empty);
        LoweredStateMachine machine = StateMachineLowerer.Lower(body);
        Assert.Equal(
            new[] { ("__Outer_fn0", new[] { 0, 1 }), ("Inner", new[] { 0, 1 }), ("__Alone_fn2", Array.Empty<int>()) },
            machine.Closures.Functions.Select(f => (f.Name, f.Boxes.ToArray())));
    }

    [Fact]
    public void BlockEntry_MakesTheBoxesOfItsCapturedLocalsOnly()
    {
        var block = new BlockStatement(new[] { 0, 1 }.ToEquatableArray(), new BodyStatement[] { Yield("default", 1) }.ToEquatableArray());
        LoweredStateMachine machine = StateMachineLowerer.Lower(Body(block, Local(0, "boxed", LocalKind.Declared, captured: true), Local(1, "plain", LocalKind.Field)));
        Assert.Equal("boxes 0", Show(machine.Body[0]));
    }

    [Fact]
    public void Lowering_IsPureAndEquatable()
    {
        TemplateBody body = Body(Block(new IfStatement(Fragment.Text("c"), s_span, Yield("a", 1), Block(Yield("b", 2)))));
        Assert.Equal(StateMachineLowerer.Lower(body), StateMachineLowerer.Lower(body));
    }
}
