using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coroutines.Analyzers.Tests.Verifiers;

/// <summary>One instance of every analyzer the package ships, found by its attribute.</summary>
internal static class ShippedAnalyzers
{
    public static DiagnosticAnalyzer[] All { get; } = typeof(BlockingSleepAnalyzer).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToArray();
}
