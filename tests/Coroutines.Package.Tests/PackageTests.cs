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
public class PackageTests
{
    private const string Version = "0.1.0";

    private static readonly string s_repoRoot = typeof(PackageTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static readonly Lazy<string> s_package = new(Pack);

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
    }

    [Fact]
    public void A_consumer_restored_from_the_local_feed_builds_and_runs_generated_coroutines()
    {
        string package = s_package.Value;
        string consumer = Path.Combine(s_repoRoot, "artifacts", "consumer", Guid.NewGuid().ToString("N"));
        string packages = Path.Combine(consumer, "packages");
        Directory.CreateDirectory(consumer);
        string templates = Path.Combine(s_repoRoot, "tests", "Coroutines.Package.Tests", "Consumer");
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(templates, "Consumer.csproj.template")).Replace("$VERSION$", Version).Replace("$PACKAGES$", packages));
        File.Copy(Path.Combine(templates, "Program.cs.template"), Path.Combine(consumer, "Program.cs"));
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Path.GetDirectoryName(package)}" />
              </packageSources>
            </configuration>
            """);
        // Keep the consumer outside the repository's MSBuild imports, as a user's project is.
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(consumer, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        try
        {
            string output = Run("dotnet", "run -c Release", consumer);
            Assert.Contains("spinner cancelled: True", output);
            Assert.Contains("Answer: 42", output);
            Assert.Matches(@"spinner stopped after \d+ turns", output);
        }
        finally
        {
            Directory.Delete(consumer, recursive: true);
        }
    }

    private static string Run(string file, string arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's MSBuild settings must not leak into the nested build.
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed in {workingDirectory}:\n{output}");
        return output;
    }
}
