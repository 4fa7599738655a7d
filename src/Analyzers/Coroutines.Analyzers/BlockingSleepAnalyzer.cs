using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>CORO001: <c>Thread.Sleep</c> inside a <c>[Coroutine]</c> template blocks every task on the loop.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingSleepAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingSleep);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? coroutineAttribute = start.Compilation.GetTypeByMetadataName("Coroutines.CoroutineAttribute");
            INamedTypeSymbol? thread = start.Compilation.GetTypeByMetadataName("System.Threading.Thread");
            if (coroutineAttribute is null || thread is null)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol method ||
                    !method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, coroutineAttribute)))
                {
                    return;
                }

                block.RegisterOperationAction(operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    if (invocation.TargetMethod.Name == "Sleep" &&
                        SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, thread))
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingSleep, invocation.Syntax.GetLocation(), "Thread.Sleep"));
                    }
                }, OperationKind.Invocation);
            });
        });
    }
}
