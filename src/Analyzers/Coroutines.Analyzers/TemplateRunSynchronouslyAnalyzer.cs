using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO022: a <c>[Coroutine]</c> template's iterator driven synchronously: <c>foreach</c> over <c>Foo()</c>, a
/// <c>System.Linq.Enumerable</c> call on it (<c>Foo().ToList()</c>, <c>Count()</c>, …) or <c>Foo().GetEnumerator()</c>.
/// Reported in every method. Passing it to <c>CreateTask</c>/<c>FromIterator</c> is the supported way and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemplateRunSynchronouslyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TemplateRunSynchronously);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no templates.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            start.RegisterOperationAction(context => AnalyzeForEach(context, symbols), OperationKind.Loop);
            start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeForEach(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        if (context.Operation is IForEachLoopOperation loop && TemplateCall(loop.Collection, symbols) is { } call)
        {
            Report(context, call);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        IOperation? source = null;
        if (CoroutineSymbols.Is(method.ContainingType, symbols.Enumerable) && invocation.Arguments.Length > 0)
        {
            source = invocation.Arguments[0].Value;
        }
        else if (method.Name == "GetEnumerator" && invocation.Instance is not null)
        {
            source = invocation.Instance;
        }

        if (source is not null && TemplateCall(source, symbols) is { } call)
        {
            Report(context, call);
        }
    }

    private static IInvocationOperation? TemplateCall(IOperation operation, CoroutineSymbols symbols)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation is IInvocationOperation invocation && symbols.IsTemplate(invocation.TargetMethod) ? invocation : null;
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation call) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TemplateRunSynchronously, call.Syntax.GetLocation(), call.TargetMethod.Name));
}
