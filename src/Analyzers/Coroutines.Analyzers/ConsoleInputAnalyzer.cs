using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO006: <c>Console.ReadLine/ReadKey/Read</c> and every read on <c>Console.In</c> inside a <c>[Coroutine]</c> template,
/// including <c>Console.In.ReadLineAsync</c>/<c>ReadToEndAsync</c>: Console.In is a synchronized reader whose "async"
/// methods run synchronously (dotnet/runtime#61898), so CORO004 must never suggest them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsoleInputAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" for the fake-async reads, which have no automatic fix.</summary>
    public const string FakeAsyncProperty = "FakeAsync";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ConsoleInput);

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

    /// <summary>True for a console read: <c>Console.ReadLine()</c> or <c>Console.In.Anything()</c> that reads.</summary>
    internal static bool IsConsoleInput(IInvocationOperation invocation, CoroutineSymbols symbols) =>
        (CoroutineSymbols.Is(invocation.TargetMethod.ContainingType, symbols.Console) && BlockingApis.ConsoleReads.Contains(invocation.TargetMethod.Name)) ||
        (invocation.TargetMethod.Name.StartsWith("Read", StringComparison.Ordinal) && IsConsoleStream(invocation.Instance, symbols, "In"));

    /// <summary>True when <paramref name="instance"/> is <c>Console.{name}</c> (In, Out, Error).</summary>
    internal static bool IsConsoleStream(IOperation? instance, CoroutineSymbols symbols, string name)
    {
        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance is IPropertyReferenceOperation property &&
            property.Property.Name == name &&
            CoroutineSymbols.Is(property.Property.ContainingType, symbols.Console);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;

        // Not a console read.
        if (!IsConsoleInput(invocation, symbols))
        {
            return;
        }

        bool fakeAsync = invocation.TargetMethod.Name.EndsWith("Async", StringComparison.Ordinal);
        string receiver = invocation.Instance is null ? "Console" : "Console.In";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ConsoleInput,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(FakeAsyncProperty, fakeAsync ? "true" : "false"),
            receiver + "." + invocation.TargetMethod.Name));
    }
}
