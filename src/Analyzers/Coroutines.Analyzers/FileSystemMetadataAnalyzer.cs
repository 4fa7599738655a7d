using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO010 (opt-in): file-system metadata queries inside a <c>[Coroutine]</c> template: <c>File.Exists</c>,
/// <c>File.GetAttributes</c>, <c>Directory.Exists</c>, <c>Directory.EnumerateFiles/EnumerateDirectories</c>, and the
/// <c>FileSystemInfo.Exists</c> / <c>FileInfo.Length</c> properties.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FileSystemMetadataAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>> s_methods =
        new Dictionary<string, ImmutableHashSet<string>>
        {
            ["System.IO.File"] = ImmutableHashSet.Create(StringComparer.Ordinal, "Exists", "GetAttributes", "GetLastWriteTime", "GetLastWriteTimeUtc"),
            ["System.IO.Directory"] = ImmutableHashSet.Create(StringComparer.Ordinal, "Exists", "EnumerateFiles", "EnumerateDirectories", "EnumerateFileSystemEntries"),
        }.ToImmutableDictionary();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.FileSystemMetadata);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no templates.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            INamedTypeSymbol? fileSystemInfo = start.Compilation.GetTypeByMetadataName("System.IO.FileSystemInfo");
            INamedTypeSymbol? fileInfo = start.Compilation.GetTypeByMetadataName("System.IO.FileInfo");
            if (symbols is null || fileSystemInfo is null || fileInfo is null)
            {
                return;
            }

            ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> methods = BlockingApis.Resolve(start.Compilation, s_methods);
            start.RegisterBlockingOperationAction(symbols, (context, _) => AnalyzeInvocation(context, methods), OperationKind.Invocation);
            start.RegisterBlockingOperationAction(symbols, (context, _) => AnalyzeProperty(context, fileSystemInfo, fileInfo), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, ImmutableDictionary<INamedTypeSymbol, ImmutableHashSet<string>> methods)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (methods.TryGetValue(method.ContainingType, out ImmutableHashSet<string>? names) && names.Contains(method.Name))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FileSystemMetadata, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name));
        }
    }

    private static void AnalyzeProperty(OperationAnalysisContext context, INamedTypeSymbol fileSystemInfo, INamedTypeSymbol fileInfo)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        IPropertySymbol property = reference.Property;
        bool metadata = (property.Name == "Exists" && IsOrDerives(property.ContainingType, fileSystemInfo)) ||
                        (property.Name == "Length" && CoroutineSymbols.Is(property.ContainingType, fileInfo));
        if (metadata)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FileSystemMetadata, reference.Syntax.GetLocation(), property.ContainingType.Name + "." + property.Name));
        }
    }

    private static bool IsOrDerives(INamedTypeSymbol? type, INamedTypeSymbol expected)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (CoroutineSymbols.Is(t, expected))
            {
                return true;
            }
        }

        return false;
    }
}
