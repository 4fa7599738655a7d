using System.Collections.Immutable;
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
    /// Like <see cref="RegisterCoroutineOperationAction"/> for the blocking rules, which honour
    /// <c>coro_analyzer.report_in_lambdas</c>: when it is on, lambdas and anonymous methods inside the coroutine are
    /// analyzed too, except delegates handed to an executor method (<c>RunInExecutor</c>, <c>ToThread</c>,
    /// <c>coro_analyzer.executor_methods</c>), to a loop-scheduling method (CORO008 owns those) and expression trees.
    /// The options are read once per template body.
    /// </summary>
    public static void RegisterBlockingOperationAction(
        this CompilationStartAnalysisContext start,
        CoroutineSymbols symbols,
        Action<OperationAnalysisContext, CoroutineOptions> action,
        params OperationKind[] kinds)
    {
        start.RegisterOperationBlockStartAction(block =>
        {
            // Ordinary methods pay nothing.
            if (!symbols.IsTemplate(block.OwningSymbol) || block.OperationBlocks.IsEmpty)
            {
                return;
            }

            CoroutineOptions options = CoroutineOptions.Get(block.Options, block.OperationBlocks[0].Syntax.SyntaxTree);
            block.RegisterOperationAction(
                context =>
                {
                    if (IsInBlockingContext(context.Operation, options))
                    {
                        action(context, options);
                    }
                },
                kinds);
        });
    }

    /// <summary>
    /// <see cref="IsInCoroutineBody"/>, widened to lambdas and anonymous methods when <see cref="CoroutineOptions.ReportInLambdas"/> is on.
    /// </summary>
    public static bool IsInBlockingContext(IOperation operation, CoroutineOptions options)
    {
        if (!options.ReportInLambdas)
        {
            return IsInCoroutineBody(operation);
        }

        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current.Kind)
            {
                case OperationKind.LocalFunction:
                case OperationKind.NameOf:
                    return false;
                case OperationKind.AnonymousFunction when IsExemptDelegate((IAnonymousFunctionOperation)current, options):
                    return false;
            }
        }

        return true;
    }

    private static readonly ImmutableHashSet<string> s_loopSchedulers =
        ImmutableHashSet.Create(StringComparer.Ordinal, "CallSoon", "CallSoonThreadsafe", "CallLater", "CallAt", "AddDoneCallback");

    /// <summary>The lambda runs off the loop (executor), is a loop callback (CORO008) or never runs (expression tree).</summary>
    private static bool IsExemptDelegate(IAnonymousFunctionOperation lambda, CoroutineOptions options)
    {
        IOperation current = lambda;
        while (current.Parent is IConversionOperation or IDelegateCreationOperation)
        {
            if (current.Parent is IConversionOperation { Type: INamedTypeSymbol { Name: "Expression", ContainingNamespace: { Name: "Expressions" } } })
            {
                return true;
            }

            current = current.Parent;
        }

        return current.Parent is IArgumentOperation { Parent: IInvocationOperation invocation } &&
               (options.ExecutorMethods.Contains(invocation.TargetMethod.Name) || s_loopSchedulers.Contains(invocation.TargetMethod.Name));
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
