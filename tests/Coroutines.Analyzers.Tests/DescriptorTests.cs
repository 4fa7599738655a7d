using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coroutines.Analyzers.Tests;

/// <summary>Every rule ships with its docs page, release-tracking entry, help link and (where it has one) a fixer.</summary>
public class DescriptorTests
{
    private static readonly DiagnosticAnalyzer[] s_analyzers = Verifiers.ShippedAnalyzers.All;

    private static readonly DiagnosticDescriptor[] s_descriptors = s_analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .ToArray();

    [Fact]
    public void EveryDescriptor_HasDocsPageHelpLinkAndReleaseEntry()
    {
        string root = Verifiers.RepoPaths.Root;
        string unshipped = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "Coroutines.Analyzers", "AnalyzerReleases.Unshipped.md"));
        string repositoryUrl = System.Xml.Linq.XDocument.Load(Path.Combine(root, "Directory.Build.props"))
            .Descendants("RepositoryUrl").Single().Value;
        Assert.True(s_descriptors.Length >= 20, $"only {s_descriptors.Length} descriptors found");
        foreach (DiagnosticDescriptor descriptor in s_descriptors)
        {
            Assert.Equal("Coroutines", descriptor.Category);
            Assert.Equal($"{repositoryUrl}/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), $"docs page missing for {descriptor.Id}");
            Assert.Contains(descriptor.Id + " | Coroutines |", unshipped);
        }
    }

    [Fact]
    public void DescriptorIds_AreUniquePerAnalyzerAndAcrossAnalyzers()
    {
        // One id may carry two messages (two descriptors, VSTHRD103's pattern) but only within one analyzer.
        foreach (DiagnosticAnalyzer analyzer in s_analyzers)
        {
            string[] others = s_analyzers.Where(a => a != analyzer).SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToArray();
            Assert.All(analyzer.SupportedDiagnostics, d => Assert.DoesNotContain(d.Id, others));
        }
    }

    [Fact]
    public void EveryFixer_FixesAKnownRuleAndExposesFixAll()
    {
        CodeFixProvider[] fixers = typeof(CodeFixes.CoroutineCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToArray();
        Assert.NotEmpty(fixers);
        foreach (CodeFixProvider fixer in fixers)
        {
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(s_descriptors, d => d.Id == id));
            Assert.NotNull(fixer.GetFixAllProvider());
        }
    }
}
