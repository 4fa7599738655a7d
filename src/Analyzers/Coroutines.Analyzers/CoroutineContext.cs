using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>Where the CORO0xx blocking rules apply: directly in the body of a <c>[Coroutine]</c> template.</summary>
internal static class CoroutineContext
{
    /// <summary>
    /// Registers <paramref name="action"/> for <paramref name="kinds"/> only inside <c>[Coroutine]</c> methods, and only
    /// for operations that run in the coroutine itself (not in nested lambdas, local functions or <c>nameof</c>).
    /// </summary>
    public static void RegisterCoroutineOperationAction(
        this CompilationStartAnalysisContext start,
        CoroutineSymbols symbols,
        Action<OperationAnalysisContext> action,
        params OperationKind[] kinds)
    {
        start.RegisterOperationBlockStartAction(block =>
        {
            // Ordinary methods pay nothing.
            if (!symbols.IsTemplate(block.OwningSymbol))
            {
                return;
            }

            block.RegisterOperationAction(
                context =>
                {
                    if (IsInCoroutineBody(context.Operation))
                    {
                        action(context);
                    }
                },
                kinds);
        });
    }

    /// <summary>
    /// False inside a lambda, anonymous method or local function (their bodies run wherever the delegate is invoked, e.g.
    /// a <c>RunInExecutor</c> delegate runs off the loop) and inside <c>nameof</c> (never runs).
    /// </summary>
    public static bool IsInCoroutineBody(IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current.Kind)
            {
                case OperationKind.AnonymousFunction:
                case OperationKind.LocalFunction:
                case OperationKind.NameOf:
                    return false;
            }
        }

        return true;
    }

    /// <summary>The enclosing lambda/local function/method symbol of <paramref name="operation"/> is a template.</summary>
    public static bool IsDirectlyInTemplate(IOperation operation, ISymbol owningSymbol, CoroutineSymbols symbols) =>
        symbols.IsTemplate(owningSymbol) && IsInCoroutineBody(operation);
}
