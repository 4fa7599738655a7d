using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO028: <c>yield return Sleep(0);</c>, <c>Sleep(0.0)</c> or <c>Sleep(TimeSpan.Zero)</c> in a <c>[Coroutine]</c>
/// template: a reschedule written as a timer (flake8-async ASYNC115).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ZeroSleepAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ZeroSleep);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no Sleep.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Co is null)
            {
                return;
            }

            start.RegisterCoroutineOperationAction(symbols, context => AnalyzeYield(context, symbols), OperationKind.YieldReturn);
        });
    }

    private static void AnalyzeYield(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        IOperation? value = ((IReturnOperation)context.Operation).ReturnedValue;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        // Only Co.Sleep(zero).
        if (value is not IInvocationOperation { TargetMethod.Name: "Sleep", Arguments.Length: 1 } sleep ||
            !CoroutineSymbols.Is(sleep.TargetMethod.ContainingType, symbols.Co) ||
            !IsZero(sleep.Arguments[0].Value))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ZeroSleep, sleep.Syntax.GetLocation(), sleep.Syntax.ToString()));
    }

    private static bool IsZero(IOperation argument)
    {
        while (argument is IConversionOperation conversion)
        {
            argument = conversion.Operand;
        }

        return argument.ConstantValue is { HasValue: true, Value: 0 or 0.0 or 0L or 0f or 0m } ||
               argument is IFieldReferenceOperation { Field.Name: "Zero", Field.ContainingType.Name: "TimeSpan" };
    }
}
