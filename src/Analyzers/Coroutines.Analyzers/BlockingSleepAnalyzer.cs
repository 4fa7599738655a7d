using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO001: <c>Thread.Sleep</c>, <c>Thread.SpinWait</c> and <c>SpinWait.SpinUntil</c> inside a <c>[Coroutine]</c> template
/// block every task on the loop. Property <see cref="KindProperty"/> tells the fixer which rewrite applies.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingSleepAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <see cref="SleepMilliseconds"/>, <see cref="SleepTimeSpan"/> or <see cref="Spin"/>.</summary>
    public const string KindProperty = "Kind";

    public const string SleepMilliseconds = "SleepMilliseconds";

    public const string SleepTimeSpan = "SleepTimeSpan";

    public const string Spin = "Spin";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingSleep);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime or no Thread type: nothing to check.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Thread is null)
            {
                return;
            }

            start.RegisterBlockingOperationAction(symbols, (context, options) => AnalyzeInvocation(context, symbols, options), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols, CoroutineOptions options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        string? kind = null;
        if (CoroutineSymbols.Is(method.ContainingType, symbols.Thread))
        {
            if (method.Name == "Sleep" && method.Parameters.Length == 1)
            {
                kind = method.Parameters[0].Type.SpecialType == SpecialType.System_Int32 ? SleepMilliseconds : SleepTimeSpan;
            }
            else if (method.Name == "SpinWait")
            {
                kind = Spin;
            }
        }
        else if (CoroutineSymbols.Is(method.ContainingType, symbols.SpinWait) && method.Name == "SpinUntil")
        {
            kind = Spin;
        }

        // Not a sleep.
        if (kind is null)
        {
            return;
        }

        // coro_analyzer.sleep_min_ms: a constant sleep shorter than the threshold is tolerated (a computed one never is).
        if (kind == SleepMilliseconds &&
            options.SleepMinMilliseconds > 0 &&
            invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int milliseconds } &&
            milliseconds >= 0 &&
            milliseconds < options.SleepMinMilliseconds)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingSleep,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind),
            method.ContainingType.Name + "." + method.Name));
    }
}
