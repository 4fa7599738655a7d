using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO029: inside a lambda or anonymous method passed to <c>RunInExecutor</c>/<c>ToThread</c> (which run on the thread
/// pool), a call to a loop-affine API: <c>Co.GetRunningLoop/CreateTask/RunInExecutor/ToThread/Await&lt;T&gt;</c>, any
/// <c>EventLoop</c> method but <c>CallSoonThreadsafe</c>/<c>Time</c>, and the mutating <c>Future</c> methods. Nested
/// delegates are not followed (they may well be handed to <c>CallSoonThreadsafe</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopApiOffLoopAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> s_coLoopMembers = ImmutableHashSet.Create(
        StringComparer.Ordinal, "GetRunningLoop", "CreateTask", "RunInExecutor", "ToThread", "Await");

    private static readonly ImmutableHashSet<string> s_loopThreadSafe = ImmutableHashSet.Create(
        StringComparer.Ordinal, "CallSoonThreadsafe", "Time", "ToString", "GetHashCode", "Equals", "GetType");

    private static readonly ImmutableHashSet<string> s_futureMutators = ImmutableHashSet.Create(
        StringComparer.Ordinal, "SetResult", "TrySetResult", "SetException", "Cancel", "AddDoneCallback", "RemoveDoneCallback");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LoopApiOffLoop);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no executor.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            INamedTypeSymbol? loop = start.Compilation.GetTypeByMetadataName("Coroutines.EventLoop");
            INamedTypeSymbol? future = start.Compilation.GetTypeByMetadataName("Coroutines.Future");
            if (symbols?.Co is null || loop is null || future is null)
            {
                return;
            }

            start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols, loop, future), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols, INamedTypeSymbol loop, INamedTypeSymbol future)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;

        // Only calls that hand work to the executor.
        if (method.Name is not ("RunInExecutor" or "ToThread") ||
            !(CoroutineSymbols.Is(method.ContainingType, symbols.Co) || CoroutineSymbols.Is(method.ContainingType, loop)))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (OperationWalk.Unwrap(argument.Value) is not IAnonymousFunctionOperation work)
            {
                continue;
            }

            foreach (IInvocationOperation call in OperationWalk.Descendants(work.Body).OfType<IInvocationOperation>())
            {
                if (IsLoopAffine(call.TargetMethod, symbols, loop, future))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.LoopApiOffLoop,
                        call.Syntax.GetLocation(),
                        call.TargetMethod.ContainingType.Name.Split('`')[0] + "." + call.TargetMethod.Name));
                }
            }
        }
    }

    private static bool IsLoopAffine(IMethodSymbol method, CoroutineSymbols symbols, INamedTypeSymbol loop, INamedTypeSymbol future)
    {
        INamedTypeSymbol type = method.ContainingType;
        if (CoroutineSymbols.Is(type, symbols.Co))
        {
            // Await(Task)/Await(ValueTask) only build a yieldable; Await<T> wraps the task in a future of the running loop.
            return s_coLoopMembers.Contains(method.Name) && (method.Name != "Await" || method.IsGenericMethod);
        }

        if (CoroutineSymbols.Is(type, loop))
        {
            return !method.IsStatic && !s_loopThreadSafe.Contains(method.Name);
        }

        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (CoroutineSymbols.Is(t.OriginalDefinition, future))
            {
                return s_futureMutators.Contains(method.Name);
            }
        }

        return false;
    }
}
