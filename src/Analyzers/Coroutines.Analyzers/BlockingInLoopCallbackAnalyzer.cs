using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO008: inside a lambda or anonymous method passed to <c>EventLoop.CallSoon/CallSoonThreadsafe/CallLater/CallAt</c> or
/// <c>Future.AddDoneCallback</c> (they run on the loop thread), a call from the blocking families: <c>Thread.Sleep</c>/
/// <c>SpinWait</c>, <c>Task.Wait/WaitAll/WaitAny/RunSynchronously</c>, <c>Result</c>/<c>GetResult()</c> on a Task-like,
/// console reads, the curated no-sibling list and <c>[Blocking]</c> methods. Async-sibling discovery (CORO004) is not
/// applied here: a callback cannot suspend, so the only advice is to move the work into a coroutine or the executor.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingInLoopCallbackAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingInLoopCallback);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no loop callbacks.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            INamedTypeSymbol? loop = start.Compilation.GetTypeByMetadataName("Coroutines.EventLoop");
            INamedTypeSymbol? future = start.Compilation.GetTypeByMetadataName("Coroutines.Future");
            if (symbols?.Task is null || loop is null || future is null)
            {
                return;
            }

            ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> table = BlockingApis.Resolve(start.Compilation, BlockingApis.WithoutSibling);
            start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols, loop, future, table), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        CoroutineSymbols symbols,
        INamedTypeSymbol loop,
        INamedTypeSymbol future,
        ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> table)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        bool schedulesOnLoop =
            (CoroutineSymbols.Is(method.ContainingType, loop) && method.Name is "CallSoon" or "CallSoonThreadsafe" or "CallLater" or "CallAt") ||
            (method.Name == "AddDoneCallback" && DerivesFrom(method.ContainingType, future));

        // Only delegates that the loop will run.
        if (!schedulesOnLoop)
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (OperationWalk.Unwrap(argument.Value) is not IAnonymousFunctionOperation callback)
            {
                continue;
            }

            foreach (IOperation operation in OperationWalk.Descendants(callback.Body))
            {
                if (Blocking(operation, symbols, table) is { } what)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingInLoopCallback, operation.Syntax.GetLocation(), what));
                }
            }
        }
    }

    private static string? Blocking(IOperation operation, CoroutineSymbols symbols, ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> table)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result" } result when symbols.IsTaskLike(result.Instance?.Type):
                return "Result";
            case IInvocationOperation call:
                IMethodSymbol method = call.TargetMethod;
                string name = method.ContainingType.Name + "." + method.Name;
                bool blocking =
                    (CoroutineSymbols.Is(method.ContainingType, symbols.Thread) && method.Name is "Sleep" or "SpinWait" or "Join") ||
                    (CoroutineSymbols.Is(method.ContainingType, symbols.SpinWait) && method.Name == "SpinUntil") ||
                    (CoroutineSymbols.Is(method.ContainingType, symbols.Task) && method.Name is "Wait" or "WaitAll" or "WaitAny" or "RunSynchronously") ||
                    (method.Name == "GetResult" && call.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited } && symbols.IsTaskLike(awaited.Type)) ||
                    ConsoleInputAnalyzer.IsConsoleInput(call, symbols) ||
                    BlockingWithoutSiblingAnalyzer.IsListed(method, table) ||
                    symbols.IsMarkedBlocking(method);
                return blocking && !symbols.IsMarkedNonBlocking(method) ? name : null;
            default:
                return null;
        }
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol expected)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (CoroutineSymbols.Is(t.OriginalDefinition, expected))
            {
                return true;
            }
        }

        return false;
    }
}
