using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO004: a synchronous call with an awaitable sibling inside a <c>[Coroutine]</c> template. Generic discovery
/// (VSTHRD103/CA1849/MA0042 merged, ANALYZERS.md (b)): look up <c>Name + "Async"</c>, <c>Name + "TaskAsync"</c> and the
/// curated renames on the receiver type; keep accessible, non-obsolete siblings of the same staticness and generic arity
/// returning Task/ValueTask whose parameters start with the original ones (same types and ref kinds) and whose extra
/// parameters are optional or a CancellationToken. Properties hand the fixer the sibling name and its shape.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncSiblingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the sibling's name.</summary>
    public const string SiblingProperty = "Sibling";

    /// <summary>Diagnostic property: "Task", "TaskOfT", "ValueTask" or "ValueTaskOfT".</summary>
    public const string SiblingKindProperty = "SiblingKind";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AsyncSibling);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime or no Task: nothing to check.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Task is null)
            {
                return;
            }

            var state = new State(symbols, start.Compilation, ApiList.Read(start.Compilation, start.Options.AdditionalFiles, ApiList.AllowedPrefix, start.CancellationToken));
            start.RegisterBlockingOperationAction(symbols, (context, options) => AnalyzeInvocation(context, state, options), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, State state, CoroutineOptions options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        CoroutineSymbols symbols = state.Symbols;

        // Already awaitable, already an Async method, marked [NonBlocking], or owned by another rule (Task waits CORO002,
        // sleeps CORO001, console CORO006, curated no-sibling and [Blocking] CORO005, templates CORO022).
        if (symbols.IsTaskLike(method.ReturnType) ||
            method.Name.EndsWith("Async", StringComparison.Ordinal) ||
            BlockingApis.DeniedMembers.Contains(method.Name) ||
            state.IsOwnedElsewhere(method) ||
            symbols.IsTemplate(method) ||
            symbols.IsMarkedNonBlocking(method) ||
            state.Allowed.Contains(method, out _) ||
            symbols.IsMarkedBlocking(method) ||
            ConsoleInputAnalyzer.IsConsoleInput(invocation, symbols) ||
            BlockingWithoutSiblingAnalyzer.IsListed(method, state.WithoutSibling))
        {
            return;
        }

        // Console.Out/Error writes are CORO011 (opt-in); in-memory receivers complete synchronously anyway.
        if (ConsoleInputAnalyzer.IsConsoleStream(invocation.Instance, symbols, "Out") ||
            ConsoleInputAnalyzer.IsConsoleStream(invocation.Instance, symbols, "Error") ||
            state.IsInMemory(invocation.Instance?.Type))
        {
            return;
        }

        // SemaphoreSlim.Wait(0) / Wait(TimeSpan.Zero): a zero timeout is a non-blocking try.
        if (method.Name == "Wait" && invocation.Arguments.Length > 0 &&
            (invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 } ||
             invocation.Arguments[0].Value is IFieldReferenceOperation { Field.Name: "Zero" }))
        {
            return;
        }

        // coro_analyzer.async_sibling_discovery = curated: only the well-known I/O types of ANALYZERS.md (c).
        if (options.CuratedDiscoveryOnly && !state.IsCurated(method.ContainingType))
        {
            return;
        }

        IMethodSymbol? sibling = FindSibling(invocation, state, context.ContainingSymbol);
        if (sibling is null)
        {
            return;
        }

        string kind = symbols.IsValueTask(sibling.ReturnType)
            ? (sibling.ReturnType is INamedTypeSymbol { IsGenericType: true } ? "ValueTaskOfT" : "ValueTask")
            : (sibling.ReturnType is INamedTypeSymbol { IsGenericType: true } ? "TaskOfT" : "Task");
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.AsyncSibling,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(SiblingProperty, sibling.Name).Add(SiblingKindProperty, kind),
            method.ContainingType.Name + "." + method.Name,
            sibling.Name));
    }

    private static IMethodSymbol? FindSibling(IInvocationOperation invocation, State state, ISymbol containingSymbol)
    {
        IMethodSymbol method = invocation.TargetMethod;
        IMethodSymbol original = method.ReducedFrom ?? method;
        bool isExtension = method.IsExtensionMethod;
        ITypeSymbol? container = isExtension || method.IsStatic ? method.ContainingType : invocation.Instance?.Type ?? method.ContainingType;
        if (isExtension && invocation.Instance?.Type is { } receiverType)
        {
            container = receiverType;
        }

        // Only named types are searched (type parameters, arrays and pointers are left alone).
        SemanticModel? model = invocation.SemanticModel;
        if (container is not INamedTypeSymbol || model is null)
        {
            return null;
        }

        var names = new List<string> { method.Name + "Async", method.Name + "TaskAsync" };
        if (BlockingApis.RenamedSiblings.TryGetValue((method.ContainingType.ToDisplayString(), method.Name), out string? renamed))
        {
            names.Insert(0, renamed);
        }

        int position = invocation.Syntax.SpanStart;
        foreach (string name in names)
        {
            foreach (ISymbol candidate in model.LookupSymbols(position, (INamedTypeSymbol)container, name, includeReducedExtensionMethods: true))
            {
                if (candidate is IMethodSymbol sibling &&
                    !SymbolEqualityComparer.Default.Equals(sibling, containingSymbol) &&
                    IsCompatible(method, sibling, state.Symbols))
                {
                    return sibling;
                }
            }
        }

        return null;
    }

    internal static bool IsCompatible(IMethodSymbol method, IMethodSymbol sibling, CoroutineSymbols symbols)
    {
        // Same call shape: static stays static, instance (or reduced extension) stays callable on the receiver.
        if (method.IsStatic != sibling.IsStatic ||
            method.Arity != sibling.Arity ||
            symbols.IsObsolete(sibling) ||
            !symbols.IsTaskLike(sibling.ReturnType) ||
            (!method.ReturnsVoid && sibling.ReturnType is INamedTypeSymbol { IsGenericType: false }))
        {
            return false;
        }

        ImmutableArray<IParameterSymbol> original = method.Parameters;
        ImmutableArray<IParameterSymbol> candidate = sibling.Parameters;
        if (candidate.Length < original.Length)
        {
            return false;
        }

        for (int i = 0; i < original.Length; i++)
        {
            if (original[i].RefKind != candidate[i].RefKind || !TypesMatch(original[i].Type, candidate[i].Type))
            {
                return false;
            }
        }

        for (int i = original.Length; i < candidate.Length; i++)
        {
            if (!candidate[i].IsOptional && !candidate[i].IsParams && !CoroutineSymbols.Is(candidate[i].Type, symbols.CancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TypesMatch(ITypeSymbol a, ITypeSymbol b) =>
        a is ITypeParameterSymbol pa && b is ITypeParameterSymbol pb
            ? pa.Ordinal == pb.Ordinal
            : SymbolEqualityComparer.Default.Equals(a, b);

    /// <summary>Per-compilation lookups (RS1008: nothing stored on the analyzer).</summary>
    private sealed class State
    {
        private readonly ImmutableArray<INamedTypeSymbol> _inMemory;
        private readonly ImmutableArray<INamedTypeSymbol> _ownedElsewhere;
        private readonly ImmutableArray<INamedTypeSymbol> _curated;

        public State(CoroutineSymbols symbols, Compilation compilation, ApiList allowed)
        {
            Symbols = symbols;
            Allowed = allowed;
            WithoutSibling = BlockingApis.Resolve(compilation, BlockingApis.WithoutSibling);
            _curated = BlockingApis.CuratedSiblingTypes.Select(compilation.GetTypeByMetadataName).OfType<INamedTypeSymbol>().ToImmutableArray();
            _inMemory = BlockingApis.InMemoryTypes.Select(compilation.GetTypeByMetadataName).OfType<INamedTypeSymbol>().ToImmutableArray();
            _ownedElsewhere = new[]
            {
                symbols.Task, symbols.TaskOfT, symbols.ValueTask, symbols.ValueTaskOfT, symbols.Thread, symbols.SpinWait, symbols.Co,
                compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter"),
                compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter`1"),
                compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter"),
                compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter`1"),
            }.OfType<INamedTypeSymbol>().ToImmutableArray();
        }

        public CoroutineSymbols Symbols { get; }

        /// <summary>CoroutineAllowedApis*.txt entries: never reported.</summary>
        public ApiList Allowed { get; }

        public ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> WithoutSibling { get; }

        public bool IsOwnedElsewhere(IMethodSymbol method) =>
            _ownedElsewhere.Contains(method.ContainingType.OriginalDefinition, SymbolEqualityComparer.Default);

        /// <summary>The method's type, or a base of it, is in <see cref="BlockingApis.CuratedSiblingTypes"/>.</summary>
        public bool IsCurated(INamedTypeSymbol? type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (_curated.Contains(t.OriginalDefinition, SymbolEqualityComparer.Default))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsInMemory(ITypeSymbol? type)
        {
            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (_inMemory.Contains(t, SymbolEqualityComparer.Default))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
