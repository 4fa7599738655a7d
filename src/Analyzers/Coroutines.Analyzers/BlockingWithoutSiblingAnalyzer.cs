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
    /// <summary>Diagnostic properties for a listed <c>async:</c> replacement the fixer can call with the same arguments.</summary>
    public const string ReplacementProperty = "Replacement";

    /// <summary>"Task", "TaskOfT", "ValueTask" or "ValueTaskOfT".</summary>
    public const string ReplacementKindProperty = "ReplacementKind";

    /// <summary>Set for a static replacement: its fully qualified containing type.</summary>
    public const string ReplacementTypeProperty = "ReplacementType";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingWithoutSibling, DiagnosticDescriptors.BlockingWithReplacement);

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
        ApiListEntry? entry = null;

        // Neither listed (curated or CoroutineBlockingApis*.txt) nor marked [Blocking], or explicitly allowed
        // ([NonBlocking] or CoroutineAllowedApis*.txt).
        if (!(IsListed(method, table) || symbols.IsMarkedBlocking(method) || userList.TryGetEntry(method, out entry)) ||
            symbols.IsMarkedNonBlocking(method) ||
            allowed.Contains(method, out _))
        {
            return;
        }

        string name = method.ContainingType.Name + "." + method.Name;
        string? note = entry?.Message;
        if (entry?.Replacement is { } replacement)
        {
            // The fixer gets the replacement only when the same arguments (and receiver) fit it.
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
            bool receiverFits = replacement.IsStatic ||
                (invocation.Instance?.Type is { } receiver && DerivesFrom(receiver, replacement.ContainingType));
            if (receiverFits && AsyncSiblingAnalyzer.IsCompatible(method, replacement, symbols))
            {
                bool valueTask = symbols.IsValueTask(replacement.ReturnType);
                bool generic = replacement.ReturnType is INamedTypeSymbol { IsGenericType: true };
                properties = properties
                    .Add(ReplacementProperty, replacement.Name)
                    .Add(ReplacementKindProperty, (valueTask ? "ValueTask" : "Task") + (generic ? "OfT" : ""));
                if (replacement.IsStatic)
                {
                    properties = properties.Add(ReplacementTypeProperty, replacement.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingWithReplacement,
                invocation.Syntax.GetLocation(),
                properties,
                note is null ? name : name + " (" + note + ")",
                replacement.ContainingType.Name + "." + replacement.Name));
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingWithoutSibling,
            invocation.Syntax.GetLocation(),
            note is null ? name : name + " (" + note + ")"));
    }

    private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol expected)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, expected.OriginalDefinition))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, expected.OriginalDefinition));
    }
}
