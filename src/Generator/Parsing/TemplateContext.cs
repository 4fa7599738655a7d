using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// What parsing one template has learned so far: the semantic model, every local the body names (with the facts
/// the hoisting decision needs), the closures and what they capture, the flattened loops and switches (their
/// jumps become holes), generated members, and the diagnostics found.
/// </summary>
internal sealed class TemplateContext
{
    private readonly Dictionary<ILocalSymbol, int> _localIds = new(SymbolEqualityComparer.Default);
    private readonly List<ILocalSymbol?> _localSymbols = new();
    private readonly List<LocalInfo> _locals = new();
    private readonly HashSet<ILocalSymbol> _captured = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, int> _functionIds = new(SymbolEqualityComparer.Default);
    private readonly List<FunctionInfo> _functions = new();
    private readonly Stack<List<int>> _scopes = new();
    private readonly HashSet<ILocalSymbol> _keptNames = new(SymbolEqualityComparer.Default);

    public TemplateContext(SemanticModel model, IMethodSymbol method, MethodDeclarationSyntax syntax, string className)
    {
        Model = model;
        Method = method;
        Syntax = syntax;
        ClassName = className;
        Rewriter = new FragmentRewriter(this);
        Witnesses = new AnonymousWitnesses(this);
    }

    public SemanticModel Model { get; }

    public IMethodSymbol Method { get; }

    public MethodDeclarationSyntax Syntax { get; }

    /// <summary>The state machine's class name, which prefixes the members generated into the containing type.</summary>
    public string ClassName { get; }

    public FragmentRewriter Rewriter { get; }

    public AnonymousWitnesses Witnesses { get; }

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public List<BaseAccessorModel> BaseAccessors { get; } = new();

    /// <summary>The accessor of each base member used, by a key naming the member.</summary>
    public Dictionary<string, string> BaseAccessorNames { get; } = new(StringComparer.Ordinal);

    public List<WitnessHelperModel> WitnessHelpers { get; } = new();

    /// <summary>Flattened loops and switches, by syntax node, with the id their jumps name.</summary>
    public Dictionary<SyntaxNode, int> FlattenedJumpTargets { get; } = new();

    /// <summary>Flattened switches, for <c>goto case</c> and <c>goto default</c>.</summary>
    public HashSet<SyntaxNode> FlattenedSwitches { get; } = new();

    private int _nextJumpTarget;

    public int NewJumpTarget(SyntaxNode node)
    {
        int id = _nextJumpTarget++;
        FlattenedJumpTargets[node] = id;
        return id;
    }

    public void Report(DiagnosticDescriptor descriptor, SyntaxNodeOrToken at, params string[] arguments) =>
        Diagnostics.Add(DiagnosticInfo.Create(descriptor, at, arguments));

    /// <summary>
    /// Finds the locals lambdas and local functions capture, and for each local function of the template (not inside
    /// another function) the locals and local functions it uses; before any statement is parsed.
    /// </summary>
    public void FindClosures(BlockSyntax body)
    {
        foreach (SyntaxNode function in body.DescendantNodes().Where(static n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            DataFlowAnalysis? flow = function switch
            {
                LocalFunctionStatementSyntax { Body: { } block } => Model.AnalyzeDataFlow(block),
                LocalFunctionStatementSyntax { ExpressionBody: { } arrow } => Model.AnalyzeDataFlow(arrow.Expression),
                LocalFunctionStatementSyntax => null,
                _ => Model.AnalyzeDataFlow(function),
            };
            if (flow is not { Succeeded: true })
            {
                continue;
            }

            var outside = flow.CapturedInside.Concat(flow.ReadInside).Concat(flow.WrittenInside).OfType<ILocalSymbol>()
                .Where(l => !function.Span.Contains(l.Locations.FirstOrDefault()?.SourceSpan ?? default))
                .Distinct<ILocalSymbol>(SymbolEqualityComparer.Default)
                .ToList();
            _captured.UnionWith(outside);
            if (function is LocalFunctionStatementSyntax localFunction && BodyShape.IsOutermostFunction(localFunction) &&
                Model.GetDeclaredSymbol(localFunction) is IMethodSymbol symbol)
            {
                var named = localFunction.DescendantNodes().OfType<SimpleNameSyntax>()
                    .Select(n => Model.GetSymbolInfo(n).Symbol)
                    .OfType<IMethodSymbol>()
                    .Where(static m => m.MethodKind == MethodKind.LocalFunction)
                    .Select(static m => m.OriginalDefinition)
                    .Distinct<IMethodSymbol>(SymbolEqualityComparer.Default)
                    .ToList();
                _pendingFunctions.Add((symbol.OriginalDefinition, localFunction, outside, named));
                _functionIds[symbol.OriginalDefinition] = _functionIds.Count;
            }
        }
    }

    private readonly List<(IMethodSymbol Symbol, LocalFunctionStatementSyntax Syntax, List<ILocalSymbol> Locals, List<IMethodSymbol> Functions)> _pendingFunctions = new();

    /// <summary>The id of a local function of the template that is not inside another function, or null.</summary>
    public int? FunctionId(IMethodSymbol? function) =>
        function is { MethodKind: MethodKind.LocalFunction } && _functionIds.TryGetValue(function.OriginalDefinition, out int id) ? id : null;

    /// <summary>Whether a local function of the template becomes a method of the state machine (it sits at a flattened level).</summary>
    public bool IsMemberFunction(IMethodSymbol function) =>
        FunctionId(function) is not null &&
        function.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is LocalFunctionStatementSyntax declaration &&
        IsAtFlattenedLevel(declaration);

    /// <summary>A statement directly in the template body, or in a block or switch section the parser flattens.</summary>
    public bool IsAtFlattenedLevel(StatementSyntax statement)
    {
        if (!BodyShape.IsOutermostFunction(statement))
        {
            return false;
        }

        return statement.Parent switch
        {
            BlockSyntax block => block == Syntax.Body || BodyShape.ContainsYieldReturn(block),
            SwitchSectionSyntax section => BodyShape.ContainsYieldReturn(section.Parent!),
            LabeledStatementSyntax labeled => IsAtFlattenedLevel(labeled),
            _ => false,
        };
    }

    public bool IsCaptured(ILocalSymbol local) => _captured.Contains(local);

    /// <summary>The id of a local the body names; a local no statement declares at a flattened level stays verbatim.</summary>
    public int LocalId(ILocalSymbol local)
    {
        if (_localIds.TryGetValue(local, out int id))
        {
            return id;
        }

        id = _locals.Count;
        _localIds.Add(local, id);
        _localSymbols.Add(local);
        _locals.Add(new LocalInfo(id, local.Name, LocalKind.Verbatim, string.Empty, string.Empty, false, false, null));
        return id;
    }

    /// <summary>Whether <paramref name="local"/> is declared in the template's own code (not inside a lambda or local function).</summary>
    public bool IsTemplateLocal(ILocalSymbol local) =>
        local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } declaration &&
        Syntax.Body!.Span.Contains(declaration.Span) && BodyShape.EnclosingFunction(declaration) is null;

    public LocalKind KindOf(ILocalSymbol local) => _localIds.TryGetValue(local, out int id) ? _locals[id].Kind : LocalKind.Verbatim;

    /// <summary>Records that a statement at a flattened level declares <paramref name="local"/>, in the innermost open scope.</summary>
    public int Declare(ILocalSymbol local, LocalKind kind, string declaredType, bool crossesSuspension, SyntaxNodeOrToken at)
    {
        if (local.Name.StartsWith("__", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.ReservedName, at, local.Name);
        }

        bool needsStorage = kind is LocalKind.Field || kind is LocalKind.Declared && (crossesSuspension || IsCaptured(local));
        if (needsStorage && (local.RefKind != RefKind.None || local.Type.IsRefLikeType))
        {
            Report(DiagnosticDescriptors.RefLocalAcrossSuspension, at, local.Name);
        }

        int id = LocalId(local);
        string? witness = null;
        if (local.Type.ContainsAnonymousType())
        {
            witness = Witnesses.Of(local.Type);
        }

        _locals[id] = new LocalInfo(id, local.Name, kind, SymbolText.TypeText(local.Type), declaredType, IsCaptured(local), crossesSuspension, witness);
        if (_scopes.Count > 0)
        {
            _scopes.Peek().Add(id);
        }

        return id;
    }

    /// <summary>A storage slot the lowering of a construct needs (a collection, an index, an enumerator, a using resource).</summary>
    public int Temporary(string purpose, ITypeSymbol type)
    {
        int id = _locals.Count;
        _localSymbols.Add(null);
        _locals.Add(new LocalInfo(id, purpose, LocalKind.Temporary, SymbolText.TypeText(type), "var", false, true, type.ContainsAnonymousType() ? Witnesses.Of(type) : null));
        return id;
    }

    /// <summary>Runs <paramref name="parse"/> with a new scope and returns what it produced and the locals declared in the scope.</summary>
    public (T Result, EquatableArray<int> Locals) InScope<T>(Func<T> parse)
    {
        _scopes.Push(new List<int>());
        try
        {
            T result = parse();
            return (result, _scopes.Peek().ToEquatableArray());
        }
        finally
        {
            _scopes.Pop();
        }
    }

    /// <summary>Runs <paramref name="action"/> with <paramref name="locals"/> keeping their names (a case label's own pattern variables).</summary>
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

    public bool KeepsName(ILocalSymbol local) => _keptNames.Contains(local);

    /// <summary>The facts gathered, once the whole body is parsed.</summary>
    public (EquatableArray<LocalInfo> Locals, EquatableArray<FunctionInfo> Functions) Facts()
    {
        var functions = _pendingFunctions
            .Select(f => new FunctionInfo(
                _functionIds[f.Symbol],
                f.Symbol.Name,
                f.Locals.Where(IsTemplateLocal).Select(LocalId).Distinct().OrderBy(static i => i).ToEquatableArray(),
                f.Functions.Select(FunctionId).OfType<int>().Distinct().OrderBy(static i => i).ToEquatableArray(),
                IsAtFlattenedLevel(f.Syntax)))
            .OrderBy(static f => f.Id)
            .ToEquatableArray();
        return (_locals.ToEquatableArray(), functions);
    }
}

/// <summary>Symbol helpers for parsing.</summary>
internal static class TypeSymbolExtensions
{
    public static bool ContainsAnonymousType(this ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => true,
        IArrayTypeSymbol array => array.ElementType.ContainsAnonymousType(),
        INamedTypeSymbol named => named.TypeArguments.Any(static t => t.ContainsAnonymousType()) || named.ContainingType?.ContainsAnonymousType() == true,
        _ => false,
    };
}
