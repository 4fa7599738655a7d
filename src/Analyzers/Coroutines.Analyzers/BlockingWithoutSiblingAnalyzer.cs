using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO005: a call from the curated no-sibling table (<see cref="BlockingApis.WithoutSibling"/>: file-system mutations,
/// <c>Process.Start</c>, <c>Parallel.For</c>, <c>Socket.Poll</c>, …) or to a method marked <c>[Blocking]</c> inside a
/// <c>[Coroutine]</c> template, or to a method listed in <c>CoroutineBlockingApis*.txt</c> (<see cref="ApiList"/>).
/// <c>[NonBlocking]</c> silences it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingWithoutSiblingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingWithoutSibling);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: nothing to check.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> table = BlockingApis.Resolve(start.Compilation, BlockingApis.WithoutSibling);
            ApiList userList = ApiList.Read(start.Compilation, start.Options.AdditionalFiles, ApiList.BlockingPrefix, start.CancellationToken);
            ApiList allowed = ApiList.Read(start.Compilation, start.Options.AdditionalFiles, ApiList.AllowedPrefix, start.CancellationToken);
            start.RegisterBlockingOperationAction(symbols, (context, _) => AnalyzeInvocation(context, symbols, table, userList, allowed), OperationKind.Invocation);
        });
    }

    /// <summary>True when <paramref name="method"/> is in the no-sibling table (declared on the listed type or a base of it).</summary>
    internal static bool IsListed(IMethodSymbol method, ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> table)
    {
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (table.TryGetValue(type.OriginalDefinition, out ImmutableHashSet<string>? names) && names.Contains(method.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        CoroutineSymbols symbols,
        ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> table,
        ApiList userList,
        ApiList allowed)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        string? note = null;

        // Neither listed (curated or CoroutineBlockingApis*.txt) nor marked [Blocking], or explicitly allowed
        // ([NonBlocking] or CoroutineAllowedApis*.txt).
        if (!(IsListed(method, table) || symbols.IsMarkedBlocking(method) || userList.Contains(method, out note)) ||
            symbols.IsMarkedNonBlocking(method) ||
            allowed.Contains(method, out _))
        {
            return;
        }

        string name = method.ContainingType.Name + "." + method.Name;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingWithoutSibling,
            invocation.Syntax.GetLocation(),
            note is null ? name : name + " (" + note + ")"));
    }
}
