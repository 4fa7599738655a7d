using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// The lowering: a pure function from the body tree to a <see cref="LoweredStateMachine"/>. Resume states are
/// numbered 0..n in template order; labels are named after the parser's loop ids or a counter.
/// </summary>
internal sealed class StateMachineLowerer
{
    private readonly List<StateInfo> _states = new();
    private readonly List<FinallyInfo> _finallies = new();
    private int _labels;

    private StateMachineLowerer()
    {
    }

    public static LoweredStateMachine Lower(BodyStatement body)
    {
        var lowerer = new StateMachineLowerer();
        var root = new Level();
        lowerer.LowerStatement(body, root);
        return new LoweredStateMachine(
            root.Ops.ToEquatableArray(),
            root.DispatchEntries(),
            lowerer._states.ToEquatableArray(),
            lowerer._finallies.ToEquatableArray(),
            root.Scopes.ToEquatableArray());
    }

    public static string ResumeLabel(int state) => $"__resume_{state}";

    public static string TryLabel(int finallyId) => $"__try_{finallyId}";

    private string NewLabel(string kind) => $"__{kind}_{_labels++}";

    private void LowerStatement(BodyStatement statement, Level level)
    {
        switch (statement)
        {
            case BlockStatement block:
                foreach (BodyStatement child in block.Statements)
                {
                    LowerStatement(child, level);
                }

                break;

            case CodeStatement code:
                if (code.Text.Length > 0)
                {
                    level.Ops.Add(new CodeOp(code.Text, code.Span));
                }

                break;

            case YieldReturnStatement yieldReturn:
            {
                // yield return e;  becomes  yielded = e; __state = k; return true; __resume_k: __state = -1;
                int state = _states.Count;
                _states.Add(new StateInfo(state, yieldReturn.Span.StartLine, yieldReturn.Display));
                level.Ops.Add(new SuspendOp(state, yieldReturn.Expression, yieldReturn.Span));
                level.Direct.Add((state, ResumeLabel(state)));
                level.States.Add(state);
                break;
            }

            case YieldBreakStatement yieldBreak:
                level.Ops.Add(new CodeOp(GeneratedNames.YieldBreak, yieldBreak.Span));
                break;

            case IfStatement ifStatement:
                LowerIf(ifStatement, level);
                break;

            case LoopStatement loop:
                LowerLoop(loop, level);
                break;

            case TryFinallyStatement tryFinally:
                LowerTryFinally(tryFinally, level);
                break;

            case LabelStatement label:
                level.Ops.Add(new LabelOp(label.Name));
                break;

            case SwitchStatement switchStatement:
                LowerSwitch(switchStatement, level);
                break;

            default:
                throw new InvalidOperationException($"Unknown body statement {statement.GetType().Name}.");
        }
    }

    /// <summary><c>if (c) A else B</c> becomes <c>if (!(c)) goto __else; A; goto __endif; __else: B; __endif:</c>.</summary>
    private void LowerIf(IfStatement ifStatement, Level level)
    {
        string end = NewLabel("endif");
        if (ifStatement.Else is null)
        {
            level.Ops.Add(new CodeOp($"if (!({ifStatement.Condition})) goto {end};", ifStatement.Span));
            LowerStatement(ifStatement.Then, level);
        }
        else
        {
            string elseLabel = NewLabel("else");
            level.Ops.Add(new CodeOp($"if (!({ifStatement.Condition})) goto {elseLabel};", ifStatement.Span));
            LowerStatement(ifStatement.Then, level);
            level.Ops.Add(new CodeOp($"goto {end};", null));
            level.Ops.Add(new LabelOp(elseLabel));
            LowerStatement(ifStatement.Else, level);
        }

        level.Ops.Add(new LabelOp(end));
    }

    /// <summary>
    /// <c>while (c) B</c> / <c>for (; c; i) B</c> become <c>__top: if (!(c)) goto __break; B; __continue: i; goto __top; __break:</c>;
    /// <c>do B while (c);</c> becomes <c>__top: B; __continue: if (c) goto __top; __break:</c>.
    /// </summary>
    private void LowerLoop(LoopStatement loop, Level level)
    {
        string top = NewLabel("loop");
        string continueLabel = GeneratedNames.ContinueLabel(loop.Id);
        string breakLabel = GeneratedNames.BreakLabel(loop.Id);
        level.Ops.Add(new LabelOp(top));
        if (!loop.TestAfterBody && loop.Condition is not null)
        {
            level.Ops.Add(new CodeOp($"if (!({loop.Condition})) goto {breakLabel};", loop.Span));
        }

        LowerStatement(loop.Body, level);
        level.Ops.Add(new LabelOp(continueLabel));
        foreach (BodyStatement increment in loop.Increments)
        {
            LowerStatement(increment, level);
        }

        if (loop.TestAfterBody && loop.Condition is not null)
        {
            level.Ops.Add(new CodeOp($"if ({loop.Condition}) goto {top};", loop.Span));
        }
        else
        {
            level.Ops.Add(new CodeOp($"goto {top};", null));
        }

        level.Ops.Add(new LabelOp(breakLabel));
    }

    /// <summary>
    /// <c>try { B } finally { F }</c> becomes <c>__try_f: try { dispatch; B } finally { if (__state < 0) __Finally_f(); }</c>:
    /// the finally body runs when control leaves the block (running: -1; yield break: -2), not when the coroutine suspends inside it.
    /// </summary>
    private void LowerTryFinally(TryFinallyStatement tryFinally, Level level)
    {
        int id = _finallies.Count;
        var finallyCode = (CodeStatement)tryFinally.Finally;
        _finallies.Add(new FinallyInfo(id, finallyCode.Text, finallyCode.Span));
        var inner = new Level();
        LowerStatement(tryFinally.Body, inner);
        if (inner.States.Count > 0)
        {
            string label = TryLabel(id);
            level.Ops.Add(new LabelOp(label));
            level.Nested.Add((inner.States.ToArray(), label));
            level.States.AddRange(inner.States);
            level.Scopes.Add(new DisposeScope(id, inner.States.ToEquatableArray(), inner.Scopes.ToEquatableArray()));
        }

        level.Ops.Add(new TryOp(id, inner.DispatchEntries(), inner.Ops.ToEquatableArray()));
    }

    private void LowerSwitch(SwitchStatement switchStatement, Level level)
    {
        level.Ops.Add(new CodeOp(switchStatement.Dispatch, switchStatement.Span));
        foreach (BodyStatement section in switchStatement.Sections)
        {
            LowerStatement(section, level);
        }

        level.Ops.Add(new LabelOp(GeneratedNames.BreakLabel(switchStatement.Id)));
    }

    /// <summary>The code of one block level: the method body or one <c>try</c> block.</summary>
    private sealed class Level
    {
        public List<LoweredOp> Ops { get; } = new();

        /// <summary>Every resume state inside this level, nested tries included.</summary>
        public List<int> States { get; } = new();

        /// <summary>Resume states whose label is directly in this level.</summary>
        public List<(int State, string Label)> Direct { get; } = new();

        /// <summary>Nested tries: their states and the label just before them.</summary>
        public List<(int[] States, string Label)> Nested { get; } = new();

        public List<DisposeScope> Scopes { get; } = new();

        public EquatableArray<DispatchEntry> DispatchEntries() =>
            Direct.Select(static d => new DispatchEntry(new[] { d.State }.ToEquatableArray(), d.Label))
                .Concat(Nested.Select(static n => new DispatchEntry(n.States.ToEquatableArray(), n.Label)))
                .OrderBy(static d => d.States[0])
                .ToEquatableArray();
    }
}
