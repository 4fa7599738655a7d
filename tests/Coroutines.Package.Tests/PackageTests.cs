using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Coroutines.Package.Tests;

/// <summary>
/// "Add the NuGet, decorate methods" as a user does it: pack Coroutines.Generators into the local folder feed named
/// in nuget.config, restore a consumer by PackageReference only, build it (generator and analyzers run from the
/// package) and run it.
/// </summary>
[Collection(PackageCollection.Name)]
public class PackageTests
{
    internal const string Version = "0.1.0";

    private static readonly string s_repoRoot = typeof(PackageTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static readonly Lazy<string> s_package = new(Pack);

    internal static string RepoRoot => s_repoRoot;

    /// <summary>The package packed once into the repository's local feed (artifacts/feed).</summary>
    internal static Lazy<string> Package => s_package;

    private static string Pack()
    {
        string feed = Path.Combine(s_repoRoot, "artifacts", "feed");
        Directory.CreateDirectory(feed);
        Run("dotnet", $"pack \"{Path.Combine(s_repoRoot, "src", "Runtime", "Coroutines.Runtime.csproj")}\" -c Release -o \"{feed}\" -p:Version={Version}", s_repoRoot);
        return Path.Combine(feed, $"Coroutines.Generators.{Version}.nupkg");
    }

    [Fact]
    public void The_package_has_the_runtime_in_lib_and_the_roslyn_components_in_analyzers()
    {
        using ZipArchive zip = ZipFile.OpenRead(s_package.Value);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("lib/net8.0/Coroutines.Runtime.dll", entries);
        Assert.Contains("lib/net8.0/Coroutines.Runtime.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/Coroutines.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Coroutines.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Coroutines.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));

        ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        XDocument document = XDocument.Load(stream);
        string[] dependencies = document.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToArray();
        Assert.Empty(dependencies);
        Assert.Equal("Coroutines.Generators", document.Descendants().Single(e => e.Name.LocalName == "id").Value);

        // Real metadata, and the repository URL the help links of every CORO id are built from.
        string repositoryUrl = XDocument.Load(Path.Combine(s_repoRoot, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;
        string Metadata(string name) => document.Descendants().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal(repositoryUrl, (string)document.Descendants().Single(e => e.Name.LocalName == "repository").Attribute("url")!);
        Assert.Equal(repositoryUrl, Metadata("projectUrl"));
        Assert.Equal("MIT", Metadata("license"));
        Assert.Equal("README.md", Metadata("readme"));
        Assert.Contains("asyncio", Metadata("tags"));
        Assert.Contains("asyncio", Metadata("description"));
    }

    [Fact]
    public void The_readme_commands_pack_the_package_and_add_it_to_a_new_project_that_builds_and_runs_coroutines()
    {
        // The README's two shell blocks, run as written: only the feed folder moves into a scratch directory, and the
        // new project restores into a packages folder of its own so that an older 0.1.0 in the machine's cache is not used.
        string scratch = Path.Combine(Path.GetTempPath(), "coroutines-readme-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(scratch, "feed");
        string user = Path.Combine(scratch, "user");
        Directory.CreateDirectory(user);
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(scratch, "packages") };
        string readme = File.ReadAllText(Path.Combine(s_repoRoot, "README.md"));
        string ReadmeBlock(string marker) => ShellBlockAfter(readme, $"<!-- package-test: {marker} -->").Replace("~/coroutines-feed", feed);
        try
        {
            // The repository restores with the machine's packages folder: a scratch one would be written into its obj/
            // assets and break every later build of it once deleted.
            Run("bash", ["-euc", ReadmeBlock("pack")], s_repoRoot, new Dictionary<string, string>());
            Assert.True(File.Exists(Path.Combine(feed, $"Coroutines.Generators.{Version}.nupkg")), "the README's pack command left no package in the feed");

            Run("bash", ["-euc", ReadmeBlock("consume")], user, environment);
            string project = Path.Combine(user, "Hello");
            Assert.Contains("Coroutines.Generators", File.ReadAllText(Path.Combine(project, "Hello.csproj")));
            File.Copy(Path.Combine(s_repoRoot, "tests", "Coroutines.Package.Tests", "Consumer", "Program.cs.template"), Path.Combine(project, "Program.cs"), overwrite: true);
            Directory.CreateDirectory(Path.Combine(project, "Jobs"));
            File.Copy(Path.Combine(s_repoRoot, "tests", "Coroutines.Package.Tests", "Consumer", "Demo.cs.template"), Path.Combine(project, "Jobs", "Demo.cs"));

            string output = Run("dotnet", ["run", "-c", "Release"], project, environment);
            Assert.Contains("spinner cancelled: True", output);
            Assert.Contains("Answer: 42", output);
            Assert.Matches(@"spinner stopped after \d+ turns", output);

            // A task's repr names its template's file relative to the project, as asyncio names a module.
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"spinner: <CoroutineTask pending name='Task-\d+' coro=<coroutine Spin\(\) running at Jobs/Demo\.cs:\d+>>"), output);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Switching_the_analyzer_preset_takes_effect_on_the_next_build_without_a_clean()
    {
        string scratch = Path.Combine(Path.GetTempPath(), "coroutines-preset-" + Guid.NewGuid().ToString("N"));
        ConsumerProject.Create(scratch, "Preset");
        File.WriteAllText(Path.Combine(scratch, "Program.cs"), """
            using Coroutines;
            using static Coroutines.Co;

            Run(Poller.PollAsync());

            public static partial class Poller
            {
                [Coroutine]
                public static IEnumerable<Yield> Poll()
                {
                    Thread.Sleep(10);
                    yield return Sleep(0.01);
                }
            }
            """);
        try
        {
            var empty = new Dictionary<string, string>();
            Assert.Contains("warning CORO001", Run("dotnet", ["build", "-c", "Release"], scratch, empty));
            string strict = RunExpectingFailure("dotnet", ["build", "-c", "Release", "-p:CoroutinesAnalyzerPreset=strict"], scratch);
            Assert.Contains("error CORO001", strict);
            Assert.Contains("warning CORO001", Run("dotnet", ["build", "-c", "Release"], scratch, empty));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string RunExpectingFailure(string file, IEnumerable<string> arguments, string workingDirectory) =>
        ChildProcess.Fail(new ProcessStartInfo(file, arguments), workingDirectory);

    private static string ShellBlockAfter(string markdown, string marker)
    {
        int at = markdown.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no {marker}");
        int open = markdown.IndexOf("```sh\n", at, StringComparison.Ordinal) + "```sh\n".Length;
        int close = markdown.IndexOf("```", open, StringComparison.Ordinal);
        return markdown[open..close];
    }

    private static string Run(string file, string arguments, string workingDirectory) =>
        ChildProcess.Succeed(new ProcessStartInfo(file, arguments), workingDirectory);

    private static string Run(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment) =>
        ChildProcess.Succeed(new ProcessStartInfo(file, arguments), workingDirectory, environment);
}
