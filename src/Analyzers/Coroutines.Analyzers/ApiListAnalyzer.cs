using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO090/CORO091: problems in the user's <c>CoroutineBlockingApis*.txt</c> and <c>CoroutineAllowedApis*.txt</c> lists (see <see cref="ApiList"/>): a line
/// that does not parse or resolve, and an id listed twice. Both are configuration rules about one input, so one analyzer
/// reports both; they are located in the list files and reported at compilation end.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ApiListAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidApiListEntry, DiagnosticDescriptors.DuplicateApiListEntry);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(static compilation =>
        {
            // No list files: nothing to check.
            if (!compilation.Options.AdditionalFiles.Any(f => ApiList.IsListFile(f)))
            {
                return;
            }

            foreach (string prefix in new[] { ApiList.BlockingPrefix, ApiList.AllowedPrefix })
            {
                foreach (Diagnostic problem in ApiList.Read(compilation.Compilation, compilation.Options.AdditionalFiles, prefix, compilation.CancellationToken).Problems)
                {
                    compilation.ReportDiagnostic(problem);
                }
            }
        });
    }
}
