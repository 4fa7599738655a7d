using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO011 (opt-in): <c>Console.Write/WriteLine</c> and <c>Console.Out/Error.Write/WriteLine/Flush</c> inside a
/// <c>[Coroutine]</c> template. Meziantou's MA0042 deliberately ignores these; we report them only on request.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsoleOutputAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ConsoleOutput);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime or no Console: nothing to check.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Console is null)
            {
                return;
            }

            start.RegisterBlockingOperationAction(symbols, (context, _) => AnalyzeInvocation(context, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        string name = invocation.TargetMethod.Name;
        bool write = name is "Write" or "WriteLine" or "Flush";
        string? receiver =
            CoroutineSymbols.Is(invocation.TargetMethod.ContainingType, symbols.Console) ? "Console" :
            ConsoleInputAnalyzer.IsConsoleStream(invocation.Instance, symbols, "Out") ? "Console.Out" :
            ConsoleInputAnalyzer.IsConsoleStream(invocation.Instance, symbols, "Error") ? "Console.Error" :
            null;
        if (write && receiver is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConsoleOutput, invocation.Syntax.GetLocation(), receiver + "." + name));
        }
    }
}
