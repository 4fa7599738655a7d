using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO009 (opt-in): a call from a <c>[Coroutine]</c> template to a synchronous method of this compilation that blocks,
/// directly or through other methods of this compilation (VSTHRD010's caller→callee map plus a compilation-end closure).
/// "Blocks directly" means a call from the CORO001/002/005/006 families (sleep, task wait, curated or <c>[Blocking]</c>
/// API, console read) in the method body itself, not in its lambdas. The message names the first blocking API found.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TransitiveBlockingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TransitiveBlocking);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no templates.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Task is null)
            {
                return;
            }

            var state = new State(symbols, BlockingApis.Resolve(start.Compilation, BlockingApis.WithoutSibling), start.Compilation.Assembly);
            start.RegisterOperationBlockStartAction(block => state.Collect(block));
            start.RegisterCompilationEndAction(state.Report);
        });
    }

    /// <summary>Per-compilation graph. Invariant: only written during block actions, only read in the end action.</summary>
    private sealed class State
    {
        private readonly CoroutineSymbols _symbols;
        private readonly ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> _curated;
        private readonly IAssemblySymbol _assembly;
        private readonly ConcurrentDictionary<IMethodSymbol, string> _direct = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentBag<IMethodSymbol>> _callees = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<(IMethodSymbol Callee, Location Location)> _coroutineCalls = new();

        public State(CoroutineSymbols symbols, ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> curated, IAssemblySymbol assembly)
        {
            _symbols = symbols;
            _curated = curated;
            _assembly = assembly;
        }

        public void Collect(OperationBlockStartAnalysisContext block)
        {
            if (block.OwningSymbol is not IMethodSymbol owner)
            {
                return;
            }

            bool template = _symbols.IsTemplate(owner);
            block.RegisterOperationAction(context =>
            {
                // Lambdas run wherever the delegate is invoked, not as part of this method.
                var invocation = (IInvocationOperation)context.Operation;
                if (!CoroutineContext.IsInCoroutineBody(invocation))
                {
                    return;
                }

                IMethodSymbol target = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
                if (DirectlyBlocking(invocation) is { } what)
                {
                    _direct.TryAdd(owner, what);
                }
                else if (SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _assembly) && !_symbols.IsTemplate(target))
                {
                    _callees.GetOrAdd(owner, _ => new ConcurrentBag<IMethodSymbol>()).Add(target);
                    if (template)
                    {
                        _coroutineCalls.Add((target, invocation.Syntax.GetLocation()));
                    }
                }
            }, OperationKind.Invocation);

            block.RegisterOperationAction(context =>
            {
                var reference = (IPropertyReferenceOperation)context.Operation;
                if (reference.Property.Name == "Result" && _symbols.IsTaskLike(reference.Instance?.Type) && CoroutineContext.IsInCoroutineBody(reference))
                {
                    _direct.TryAdd(owner, "Task.Result");
                }
            }, OperationKind.PropertyReference);
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach ((IMethodSymbol callee, Location location) in _coroutineCalls)
            {
                if (FindBlocking(callee) is { } what)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TransitiveBlocking, location, callee.Name, what));
                }
            }
        }

        /// <summary>Breadth-first over the callee map; the first directly blocking API found, or null.</summary>
        private string? FindBlocking(IMethodSymbol start)
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { start };
            var queue = new Queue<IMethodSymbol>();
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                IMethodSymbol method = queue.Dequeue();
                if (_direct.TryGetValue(method, out string? what))
                {
                    return what;
                }

                if (_callees.TryGetValue(method, out ConcurrentBag<IMethodSymbol>? callees))
                {
                    foreach (IMethodSymbol callee in callees.Where(seen.Add))
                    {
                        queue.Enqueue(callee);
                    }
                }
            }

            return null;
        }

        private string? DirectlyBlocking(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol type = method.ContainingType;
            bool blocking =
                (CoroutineSymbols.Is(type, _symbols.Thread) && method.Name is "Sleep" or "Join") ||
                (CoroutineSymbols.Is(type, _symbols.Task) && method.Name is "Wait" or "WaitAll" or "WaitAny") ||
                (method.Name == "GetResult" && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited } && _symbols.IsTaskLike(awaited.Type)) ||
                ConsoleInputAnalyzer.IsConsoleInput(invocation, _symbols) ||
                BlockingWithoutSiblingAnalyzer.IsListed(method, _curated) ||
                _symbols.IsMarkedBlocking(method);
            return blocking && !_symbols.IsMarkedNonBlocking(method) ? type.Name + "." + method.Name : null;
        }
    }
}
