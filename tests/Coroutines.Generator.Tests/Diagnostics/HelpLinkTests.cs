using System.Reflection;
using System.Xml.Linq;
using Coroutines.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Coroutines.Generator.Tests.Diagnostics;

/// <summary>Every CORO1xx links to its page under the package's one repository URL, as the analyzers' CORO0xx do.</summary>
public sealed class HelpLinkTests
{
    [Fact]
    public void Every_generator_diagnostic_links_to_its_page_under_the_package_repository_url()
    {
        var root = RepositoryRoot();
        var repositoryUrl = XDocument.Load(Path.Combine(root, "Directory.Build.props"))
            .Descendants("RepositoryUrl").Single().Value;
        var descriptors = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

        Assert.True(descriptors.Count >= 15, $"only {descriptors.Count} descriptors found");
        Assert.All(descriptors, d =>
        {
            Assert.Equal($"{repositoryUrl}/blob/main/docs/diagnostics/{d.Id}.md", d.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", d.Id + ".md")), $"no page for {d.Id}");
        });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Coroutines.Generators.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }

        return directory.FullName;
    }
}
