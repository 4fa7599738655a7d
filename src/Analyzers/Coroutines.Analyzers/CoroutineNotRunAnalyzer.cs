using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO020: a coroutine object (a call returning <c>Coroutine</c>, such as a generated <c>FooAsync()</c>) or a template
/// iterator (<c>Foo()</c> of a <c>[Coroutine]</c> method) that is dropped as a statement, discarded with <c>_ =</c>, or
/// stored in a local that is never read. Unlike a Task, a coroutine never started does nothing at all. Reported in
/// every method (outside coroutines too); property <see cref="InCoroutineProperty"/> tells the fixer whether
/// <c>yield return</c> is available there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CoroutineNotRunAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <see cref="Dropped"/>, <see cref="Discarded"/>, <see cref="UnusedLocal"/>.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Diagnostic property: "true" when the value is a raw template iterator rather than a <c>Coroutine</c>.</summary>
    public const string TemplateProperty = "Template";

    /// <summary>Diagnostic property: "true" when the code runs directly in a <c>[Coroutine]</c> template.</summary>
    public const string InCoroutineProperty = "InCoroutine";

    public const string Dropped = "Dropped";

    public const string Discarded = "Discarded";

    public const string UnusedLocal = "UnusedLocal";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CoroutineNotRun);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: nothing creates coroutines.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Coroutine is null)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block => AnalyzeBlock(block, symbols));
        });
    }

    private static void AnalyzeBlock(OperationBlockStartAnalysisContext block, CoroutineSymbols symbols)
    {
        var declared = new List<(ILocalSymbol Local, IInvocationOperation Creation)>();
        var read = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        ISymbol owner = block.OwningSymbol;

        block.RegisterOperationAction(context =>
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            if (Creation(statement.Operation, symbols) is { } dropped)
            {
                Report(context.ReportDiagnostic, dropped, Dropped, owner, symbols);
            }
            else if (statement.Operation is ISimpleAssignmentOperation { Target: IDiscardOperation } discard &&
                     Creation(discard.Value, symbols) is { } discarded)
            {
                Report(context.ReportDiagnostic, discarded, Discarded, owner, symbols);
            }
        }, OperationKind.ExpressionStatement);

        block.RegisterOperationAction(context =>
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            if (declarator.Initializer is { } initializer && Creation(initializer.Value, symbols) is { } creation)
            {
                lock (declared)
                {
                    declared.Add((declarator.Symbol, creation));
                }
            }
        }, OperationKind.VariableDeclarator);

        block.RegisterOperationAction(context =>
        {
            lock (declared)
            {
                read.Add(((ILocalReferenceOperation)context.Operation).Local);
            }
        }, OperationKind.LocalReference);

        block.RegisterOperationBlockEndAction(context =>
        {
            lock (declared)
            {
                foreach ((ILocalSymbol local, IInvocationOperation creation) in declared)
                {
                    if (!read.Contains(local))
                    {
                        Report(context.ReportDiagnostic, creation, UnusedLocal, owner, symbols);
                    }
                }
            }
        });
    }

    /// <summary>The call that creates a coroutine or template iterator, or null.</summary>
    private static IInvocationOperation? Creation(IOperation operation, CoroutineSymbols symbols)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation is IInvocationOperation invocation &&
            (symbols.IsCoroutineType(invocation.TargetMethod.ReturnType) || symbols.IsTemplate(invocation.TargetMethod))
            ? invocation
            : null;
    }

    private static void Report(Action<Diagnostic> report, IInvocationOperation creation, string shape, ISymbol owner, CoroutineSymbols symbols)
    {
        bool template = !symbols.IsCoroutineType(creation.TargetMethod.ReturnType);
        bool inCoroutine = CoroutineContext.IsDirectlyInTemplate(creation, owner, symbols);
        report(Diagnostic.Create(
            DiagnosticDescriptors.CoroutineNotRun,
            creation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty
                .Add(ShapeProperty, shape)
                .Add(TemplateProperty, template ? "true" : "false")
                .Add(InCoroutineProperty, inCoroutine ? "true" : "false"),
            creation.TargetMethod.Name));
    }
}
