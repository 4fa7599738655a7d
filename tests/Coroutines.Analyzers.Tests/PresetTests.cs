using System.Reflection;
using System.Xml.Linq;
using Coroutines.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

/// <summary>
/// The shipped globalconfig presets (src/Analyzers/buildTransitive/presets, packed to buildTransitive/presets): each is a
/// valid global config naming only real rules with valid severities and only known coro_analyzer.* keys, and each does
/// what it says when the compiler applies it.
/// </summary>
public class PresetTests
{
    private static readonly DiagnosticAnalyzer[] s_analyzers = Verifiers.ShippedAnalyzers.All;

    private static readonly Dictionary<string, DiagnosticDescriptor> s_descriptors = s_analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .ToDictionary(g => g.Key, g => g.First());

    private static readonly string[] s_severities = ["default", "none", "silent", "suggestion", "warning", "error"];

    public static TheoryData<string> Presets => new() { "default", "strict", "legacy-port" };

    private static string PresetPath(string name) => RepoPaths.Combine("src", "Analyzers", "buildTransitive", "presets", $"coroutines-{name}.globalconfig");

    /// <summary>Key/value lines of a config file (comments and blank lines dropped), with their line numbers.</summary>
    private static List<(int Line, string Key, string Value)> Parse(string path)
    {
        var entries = new List<(int, string, string)>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            Assert.False(line.StartsWith('['), $"{Path.GetFileName(path)}:{i + 1}: a global config has no sections");
            int equals = line.IndexOf('=');
            Assert.True(equals > 0, $"{Path.GetFileName(path)}:{i + 1}: not 'key = value': {line}");
            entries.Add((i + 1, line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return entries;
    }

    [Fact]
    public void ThePresetsDirectory_HoldsExactlyTheThreePresets()
    {
        string[] files = Directory.GetFiles(Path.GetDirectoryName(PresetPath("default"))!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["coroutines-default.globalconfig", "coroutines-legacy-port.globalconfig", "coroutines-strict.globalconfig"], files);
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_IsGlobalAtLevelMinus100_NamesOnlyRealRulesWithValidSeverities_AndKnownOptions(string name)
    {
        List<(int Line, string Key, string Value)> entries = Parse(PresetPath(name));
        Assert.Equal(("is_global", "true"), (entries[0].Key, entries[0].Value));
        Assert.Equal(("global_level", "-100"), (entries[1].Key, entries[1].Value));
        var named = new HashSet<string>();
        foreach ((int line, string key, string value) in entries.Skip(2))
        {
            string where = $"coroutines-{name}.globalconfig:{line}";
            if (key.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal))
            {
                string[] parts = key.Split('.');
                Assert.True(parts.Length == 3 && parts[2] == "severity", $"{where}: '{key}' is not dotnet_diagnostic.<id>.severity");
                Assert.True(s_descriptors.ContainsKey(parts[1]), $"{where}: no analyzer reports '{parts[1]}'");
                Assert.True(named.Add(parts[1]), $"{where}: '{parts[1]}' is configured twice");
                Assert.Contains(value, s_severities);
            }
            else
            {
                Assert.True(CoroutineOptions.Keys.Contains(key), $"{where}: unknown key '{key}'");
                Assert.True(IsValidOptionValue(key, value), $"{where}: '{value}' is not a valid value for {key}");
            }
        }

        // Every rule is decided by every preset, so none silently falls back to its built-in severity.
        Assert.Equal(s_descriptors.Keys.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    private static bool IsValidOptionValue(string key, string value) => key switch
    {
        CoroutineOptions.ReportInLambdasKey => value is "true" or "false",
        CoroutineOptions.AsyncSiblingDiscoveryKey => value is "all" or "curated",
        CoroutineOptions.SleepMinMsKey => int.TryParse(value, out int ms) && ms >= 0,
        CoroutineOptions.ExecutorMethodsKey => value.Split(',').All(n => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(n.Trim())),
        _ => false,
    };

    [Fact]
    public void DefaultPreset_SpellsOutTheBuiltInSeverities()
    {
        foreach ((_, string key, string value) in Parse(PresetPath("default")).Where(e => e.Key.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)))
        {
            DiagnosticDescriptor descriptor = s_descriptors[key.Split('.')[1]];
            string expected = !descriptor.IsEnabledByDefault ? "none" : descriptor.DefaultSeverity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                DiagnosticSeverity.Info => "suggestion",
                _ => "silent",
            };
            Assert.True(expected == value, $"{descriptor.Id}: default preset says '{value}', the descriptor ships '{expected}'");
        }
    }

    private const string Source = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using Coroutines;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                Thread.Sleep(10);
                Thread.Sleep(100);
                _ = File.Exists(path);
                System.Action a = () => Thread.Sleep(1000);
                yield break;
            }
        }
        """;

    private static async Task<string[]> RunWithPresetAsync(string name)
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new BlockingSleepAnalyzer(), new FileSystemMetadataAnalyzer()],
            Source,
            ("/presets/" + Path.GetFileName(PresetPath(name)), File.ReadAllText(PresetPath(name))));
        return diagnostics.Select(d => $"{d.Id}:{d.Severity}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}").ToArray();
    }

    [Fact]
    public async Task StrictPreset_Applied_MakesBlockingErrors_EnablesOptIns_AndReportsInLambdas() =>
        Assert.Equal(["CORO001:Error:11", "CORO001:Error:12", "CORO010:Warning:13", "CORO001:Error:14"], await RunWithPresetAsync("strict"));

    [Fact]
    public async Task DefaultPreset_Applied_MatchesNoPreset()
    {
        Assert.Equal(["CORO001:Warning:11", "CORO001:Warning:12"], await RunWithPresetAsync("default"));
        var none = await GetConfiguredDiagnosticsAsync([new BlockingSleepAnalyzer(), new FileSystemMetadataAnalyzer()], Source);
        Assert.Equal(["CORO001:Warning:11", "CORO001:Warning:12"], none.Select(d => $"{d.Id}:{d.Severity}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}"));
    }

    [Fact]
    public async Task LegacyPortPreset_Applied_DemotesBlockingToSuggestions_AndToleratesShortSleeps() =>
        Assert.Equal(["CORO001:Info:12"], await RunWithPresetAsync("legacy-port"));

    [Fact]
    public async Task UserEditorConfig_WinsOverAPreset()
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new BlockingSleepAnalyzer()],
            Source,
            ("/presets/coroutines-strict.globalconfig", File.ReadAllText(PresetPath("strict"))),
            (SourceDirectory + ".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CORO001.severity = suggestion\n"));
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void BuildTransitiveProps_PointsAtEachPreset(string name)
    {
        string props = RepoPaths.Combine("src", "Analyzers", "buildTransitive", "Coroutines.Generators.props");
        XDocument document = XDocument.Load(props);
        string directory = document.Descendants("CoroutinesAnalyzerPresetsDirectory").Single().Value
            .Replace("$(MSBuildThisFileDirectory)", Path.GetDirectoryName(props) + Path.DirectorySeparatorChar);
        string include = document.Descendants("GlobalAnalyzerConfigFiles").Single().Attribute("Include")!.Value
            .Replace("$(CoroutinesAnalyzerPresetsDirectory)", directory)
            .Replace("$(CoroutinesAnalyzerPreset)", name);
        Assert.Equal(Path.GetFullPath(PresetPath(name)), Path.GetFullPath(include));

        // The runtime project packs the props and the presets where the props expects them.
        string csproj = File.ReadAllText(RepoPaths.Combine("src", "Runtime", "Coroutines.Runtime.csproj"));
        Assert.Contains("""buildTransitive\Coroutines.Generators.props" Pack="true" PackagePath="buildTransitive" """, csproj);
        Assert.Contains("""buildTransitive\presets\*.globalconfig" Pack="true" PackagePath="buildTransitive/presets" """, csproj);
    }
}
