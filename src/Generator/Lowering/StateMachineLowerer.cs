using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// The lowering: a pure function from the parsed body to a <see cref="LoweredStateMachine"/>. It first decides where
/// locals live (<see cref="HoistingAnalysis"/>) and which boxes closures take (<see cref="ClosureAnalysis"/>), then
/// flattens each construct (one partial file per construct), numbering resume states in template order
/// (<see cref="StateNumbers"/>) and labels from one counter. Generated labels nothing jumps to are dropped.
/// </summary>
internal sealed partial class StateMachineLowerer
{
    private readonly HoistingPlan _hoisting;
    private readonly StateNumbers _states = new();
    private readonly List<FinallyInfo> _finallies = new();
    private readonly Dictionary<int, JumpTarget> _jumps = new();
    private readonly List<LocalFunctionStatement> _localFunctions = new();
    private int _labels;

    private StateMachineLowerer(HoistingPlan hoisting) => _hoisting = hoisting;

    public static LoweredStateMachine Lower(TemplateBody body)
    {
        HoistingPlan hoisting = HoistingAnalysis.Plan(body);
        ClosurePlan closures = ClosureAnalysis.Plan(body, hoisting);
        var lowerer = new StateMachineLowerer(hoisting);
        var root = new Level();
        lowerer.LowerStatement(body.Root, root);
        EquatableArray<JumpTarget> jumps = lowerer._jumps.Values.OrderBy(static j => j.Id).ToEquatableArray();
        var machine = new LoweredStateMachine(
            root.Ops.ToEquatableArray(),
            root.DispatchEntries(),
            lowerer._states.All,
            lowerer._finallies.ToEquatableArray(),
            root.Scopes.ToEquatableArray(),
            jumps,
            lowerer._localFunctions.ToEquatableArray(),
            hoisting,
            closures);
        return DeadLabels.Remove(machine);
    }

    public static string ResumeLabel(int state) => $"__resume_{state}";

    private string NewLabel(string kind) => $"__{kind}_{_labels++}";

    private void LowerStatement(BodyStatement statement, Level level)
    {
        switch (statement)
        {
            case BlockStatement block:
                LowerBlock(block, level);
                break;
            case CodeStatement code:
                if (!code.Code.IsEmpty)
                {
                    level.Ops.Add(new CodeOp(code.Code, code.Span));
                }

                break;
            case DeclarationStatement declaration:
                if (declaration.Declarators.Any(d => _hoisting.Locals[d.Local].Kind != StorageKind.Constant))
                {
                    level.Ops.Add(new DeclareOp(declaration.Declarators, declaration.Span));
                }

                break;
            case YieldReturnStatement yieldReturn:
                LowerYieldReturn(yieldReturn, level);
                break;
            case IfStatement ifStatement:
                LowerIf(ifStatement, level);
                break;
            case WhileStatement whileStatement:
                LowerWhile(whileStatement, level);
                break;
            case ForStatement forStatement:
                LowerFor(forStatement, level);
                break;
            case ForEachStatement forEach:
                LowerForEach(forEach, level);
                break;
            case UsingStatement usingStatement:
                LowerUsing(usingStatement, level);
                break;
            case TryFinallyStatement tryFinally:
                LowerTryFinally(tryFinally.Body, new FinallyInfo(0, "try/finally", new LoweredOp[] { new CodeOp(tryFinally.Finally, tryFinally.FinallySpan) }.ToEquatableArray()), level);
                break;
            case SwitchStatement switchStatement:
                LowerSwitch(switchStatement, level);
                break;
            case LabelStatement label:
                level.Ops.Add(new LabelOp(label.Name, null));
                break;
            case LocalFunctionStatement localFunction:
                // A method of the state machine, so the finally methods can call it as well as MoveNext.
                _localFunctions.Add(localFunction);
                break;
            default:
                throw new InvalidOperationException($"Unknown body statement {statement.GetType().Name}.");
        }
    }

    /// <summary>
    /// <c>{ S1; S2 }</c> becomes <c>boxes; S1; S2</c>: the boxes of the captured locals whose scope is the block are made
    /// on each entry (a loop body is entered once per iteration; a resumption does not enter it again).
    /// </summary>
    private void LowerBlock(BlockStatement block, Level level)
    {
        CreateBoxes(block.ScopeLocals, null, level);
        foreach (BodyStatement child in block.Statements)
        {
            LowerStatement(child, level);
        }
    }

    private void CreateBoxes(EquatableArray<int> locals, SourceSpan? span, Level level)
    {
        EquatableArray<int> boxes = Boxes(locals);
        if (boxes.Length > 0)
        {
            level.Ops.Add(new CreateBoxesOp(boxes, span));
        }
    }

    /// <summary>The locals among <paramref name="locals"/> that live in boxes.</summary>
    private EquatableArray<int> Boxes(EquatableArray<int> locals) =>
        locals.Where(l => _hoisting.Locals[l].Kind == StorageKind.Box).ToEquatableArray();

    /// <summary>The code of one block level: the method body, one <c>try</c> block or one finally method.</summary>
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
