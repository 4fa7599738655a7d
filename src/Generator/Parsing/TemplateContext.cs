using Coroutines.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// What parsing one template knows so far: the semantic model, which locals live in fields, which loops and
/// switches were flattened (their jumps become gotos) and the diagnostics found.
/// </summary>
internal sealed class TemplateContext
{
    private readonly Dictionary<ILocalSymbol, string> _hoisted = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _captured = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _fieldNames = new(StringComparer.Ordinal);

    public TemplateContext(SemanticModel model, IMethodSymbol method, string className)
    {
        Model = model;
        Method = method;
        ClassName = className;
        Rewriter = new TemplateRewriter(this);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            _fieldNames.Add(GeneratedNames.ParameterField(parameter.Name));
        }
    }

    public SemanticModel Model { get; }

    public IMethodSymbol Method { get; }

    /// <summary>The state machine's class name, which prefixes the members generated into the containing type.</summary>
    public string ClassName { get; }

    /// <summary>
    /// Members emitted into the containing type so the state machine can reach base members non-virtually, as the
    /// compiler's iterator does (<c>private int __Foo_Coroutine_base_Bar_0(int a) =&gt; base.Bar(a);</c>).
    /// </summary>
    public List<string> BaseAccessors { get; } = new();

    /// <summary>
    /// Hoisted locals whose type mentions an anonymous type: their field is an <c>object</c>, and each read is
    /// <c>__As(field, static () =&gt; witness)</c>, where the witness is an expression of the same anonymous type
    /// (same member names, types and order make the same type in one assembly) that never runs.
    /// </summary>
    public Dictionary<ILocalSymbol, string> AnonymousWitnesses { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Static helpers emitted into the state machine (<c>__As</c>, witness helpers for generic types).</summary>
    public List<string> MachineHelpers { get; } = new();

    /// <summary>The accessor of each base member used, by its text.</summary>
    public Dictionary<string, string> BaseAccessorNames { get; } = new(StringComparer.Ordinal);

    public TemplateRewriter Rewriter { get; }

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public List<HoistedLocalModel> Locals { get; } = new();

    /// <summary>Loops and switches lowered to labels, by syntax node, with the id their labels are named after.</summary>
    public Dictionary<SyntaxNode, int> FlattenedJumpTargets { get; } = new();

    /// <summary>How many flattened loops and switches have been numbered.</summary>
    public int NextJumpTargetId { get; set; }

    /// <summary>Flattened switches, for <c>goto case</c> and <c>goto default</c>.</summary>
    public Dictionary<SyntaxNode, int> FlattenedSwitches { get; } = new();

    private readonly HashSet<ILocalSymbol> _keptNames = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Runs <paramref name="action"/> with <paramref name="locals"/> keeping their names: a case label of a dispatch
    /// switch declares real pattern locals (copied to their fields after the match); every other local it reads, in a
    /// <c>when</c> clause for example, is still its field.
    /// </summary>
    public T KeepingNames<T>(IEnumerable<ILocalSymbol> locals, Func<T> action)
    {
        _keptNames.UnionWith(locals);
        try
        {
            return action();
        }
        finally
        {
            _keptNames.Clear();
        }
    }

    /// <summary>
    /// How code reads and writes a hoisted local: its field, or <c>field.Value</c> when a lambda captures it (the
    /// field then holds a <c>StrongBox</c> created each time the declaration runs, so each loop iteration has a fresh variable).
    /// </summary>
    public string? HoistedField(ILocalSymbol local) =>
        _keptNames.Contains(local) || !_hoisted.TryGetValue(local, out string? field) ? null : _captured.Contains(local) ? field + ".Value" : field;

    /// <summary>The field holding the box of a captured hoisted local, or null.</summary>
    public string? BoxField(ILocalSymbol local) =>
        !_keptNames.Contains(local) && _captured.Contains(local) && _hoisted.TryGetValue(local, out string? field) ? field : null;

    /// <summary>Locals of the template captured by a lambda or local function.</summary>
    public void SetCaptured(IEnumerable<ILocalSymbol> captured)
    {
        foreach (ILocalSymbol local in captured)
        {
            _captured.Add(local);
        }
    }

    /// <summary>Statements creating the boxes of captured locals hoisted so far and not yet placed.</summary>
    public List<string> PendingBoxes { get; } = new();

    /// <summary>Boxes a rewritten statement's lambdas read through a local copy (<c>var __c__x_1 = __x_1;</c>).</summary>
    public HashSet<string> LambdaCaptures { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the fragment being rewritten can be wrapped in a block that copies the boxes its lambdas capture.</summary>
    public bool CapturesAllowed { get; set; }

    /// <summary>The type of each box field (<c>StrongBox&lt;T&gt;</c>), for the box parameters of local functions.</summary>
    public Dictionary<string, string> BoxTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per local function of the template (not nested in another function): the locals it uses from outside,
    /// and the other local functions it names. Filled before parsing, read by <see cref="BoxesOf"/>.
    /// </summary>
    public Dictionary<IMethodSymbol, (List<ILocalSymbol> Locals, List<IMethodSymbol> Functions)> LocalFunctionUses { get; } = new(SymbolEqualityComparer.Default);

    private readonly Dictionary<IMethodSymbol, List<string>> _localFunctionBoxes = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The boxes a local function of the template takes as leading parameters: those of the captured hoisted
    /// locals it uses, itself or through the local functions it names. A delegate made from it, or a lambda that
    /// calls it, passes the boxes current when it was made, so it keeps that iteration's variables as a closure
    /// does. Computed once, when the function is first declared or named.
    /// </summary>
    public List<string> BoxesOf(IMethodSymbol localFunction)
    {
        localFunction = localFunction.OriginalDefinition;
        if (_localFunctionBoxes.TryGetValue(localFunction, out List<string>? known))
        {
            return known;
        }

        var boxes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ILocalSymbol local in LocalsUsedBy(localFunction))
        {
            if (BoxField(local) is { } box)
            {
                boxes.Add(box);
            }
        }

        var list = boxes.ToList();
        _localFunctionBoxes.Add(localFunction, list);
        return list;
    }

    /// <summary>The template's locals a local function uses, itself or through the local functions it names.</summary>
    public IEnumerable<ILocalSymbol> LocalsUsedBy(IMethodSymbol localFunction)
    {
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { localFunction.OriginalDefinition };
        var pending = new Stack<IMethodSymbol>(seen);
        while (pending.Count > 0)
        {
            if (!LocalFunctionUses.TryGetValue(pending.Pop(), out var uses))
            {
                continue;
            }

            foreach (ILocalSymbol local in uses.Locals)
            {
                yield return local;
            }

            foreach (IMethodSymbol function in uses.Functions)
            {
                if (seen.Add(function))
                {
                    pending.Push(function);
                }
            }
        }
    }

    public bool IsHoisted(ILocalSymbol local) => _hoisted.ContainsKey(local);

    /// <summary>Runs <paramref name="rewrite"/> collecting the boxes its lambdas capture (restoring any outer collection).</summary>
    public (string Text, List<string> Boxes) CollectLambdaCaptures(Func<string> rewrite)
    {
        var outer = LambdaCaptures.ToList();
        bool outerAllowed = CapturesAllowed;
        LambdaCaptures.Clear();
        CapturesAllowed = true;
        try
        {
            string text = rewrite();
            return (text, LambdaCaptures.OrderBy(static b => b, StringComparer.Ordinal).ToList());
        }
        finally
        {
            CapturesAllowed = outerAllowed;
            LambdaCaptures.Clear();
            LambdaCaptures.UnionWith(outer);
        }
    }

    public List<string> TakePendingBoxes(int from)
    {
        List<string> taken = PendingBoxes.Skip(from).ToList();
        PendingBoxes.RemoveRange(from, PendingBoxes.Count - from);
        return taken;
    }

    /// <summary>Gives <paramref name="local"/> a field of the state machine and returns its name.</summary>
    public string Hoist(ILocalSymbol local, string? typeText = null)
    {
        if (_hoisted.TryGetValue(local, out string? existing))
        {
            return HoistedField(local) ?? existing;
        }

        string name = GeneratedNames.LocalField(local.Name, Locals.Count + 1);
        while (!_fieldNames.Add(name))
        {
            name += "_";
        }

        _hoisted.Add(local, name);

        string type = typeText ?? TemplateRewriter.TypeText(local.Type);
        if (_captured.Contains(local))
        {
            type = $"global::System.Runtime.CompilerServices.StrongBox<{type}>";
            PendingBoxes.Add($"{name} = new {type}();");
            BoxTypes[name] = type;
        }

        Locals.Add(new HoistedLocalModel(name, type, local.Name));
        return HoistedField(local)!;
    }

    public bool IsCaptured(ILocalSymbol local) => _captured.Contains(local);

    /// <summary>
    /// Keeps <paramref name="local"/> a real local of <c>MoveNext</c> (it does not live across a suspension point),
    /// renamed so that locals of different template scopes never meet in the flattened code.
    /// </summary>
    public string Rename(ILocalSymbol local)
    {
        string name = GeneratedNames.LocalField(local.Name, Locals.Count + 1 + _renamedCount++ * 1000);
        while (!_fieldNames.Add(name))
        {
            name += "_";
        }

        _hoisted[local] = name;
        return name;
    }

    private int _renamedCount;

    /// <summary>A field for a value the desugaring keeps (a using resource, an enumerator).</summary>
    public string HoistTemporary(string hint, ITypeSymbol type)
    {
        string name = $"__{hint}_{Locals.Count + 1}";
        while (!_fieldNames.Add(name))
        {
            name += "_";
        }

        Locals.Add(new HoistedLocalModel(name, TemplateRewriter.TypeText(type), hint));
        return name;
    }

    public void Report(DiagnosticDescriptor descriptor, SyntaxNodeOrToken at, params string[] arguments) =>
        Diagnostics.Add(DiagnosticInfo.Create(descriptor, at, arguments));
}
