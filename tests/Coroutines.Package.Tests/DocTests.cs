using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Coroutines.Package.Tests;

/// <summary>
/// Every C# block of README.md and docs/*.md compiles against the package as a user gets it, and the blocks marked
/// runnable print what the text block after them shows. A block says how it is compiled with a marker on the line
/// before its fence (none: a whole program, as pasted into Program.cs):
/// <list type="bullet">
/// <item><c>&lt;!-- doc-test: template --&gt;</c>: statements inside a <c>[Coroutine]</c> template;</item>
/// <item><c>&lt;!-- doc-test: members --&gt;</c>: members of a <c>static partial class</c>;</item>
/// <item><c>&lt;!-- doc-test: statements --&gt;</c>: statements of an <c>async</c> method;</item>
/// <item><c>context NAME</c> (with any of them): the names the fragment assumes come from
/// <c>DocContexts/NAME.cs</c> (<c>using static</c>), or from <c>samples/NAME/</c>'s library files;</item>
/// <item><c>run</c>: run it and compare its output with the <c>text</c> block that follows.</item>
/// </list>
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class DocTests : IClassFixture<DocTests.DocProject>
{
    private readonly DocProject _project;

    public DocTests(DocProject project) => _project = project;

    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in DocBlock.All())
        {
            data.Add(block.Name);
        }

        return data;
    }

    [Fact]
    public void Every_csharp_block_of_the_readme_and_docs_is_tested()
    {
        // Guards the extraction itself: a fence spelled another way would silently drop a block.
        var fences = DocBlock.Documents().Sum(path => Regex.Matches(File.ReadAllText(path), "^```c(s|sharp|#)\\s*$", RegexOptions.Multiline).Count);
        Assert.Equal(fences, DocBlock.All().Count);
        Assert.True(fences >= 50, $"only {fences} blocks found");
    }

    [Fact]
    public void Nothing_outside_the_blocks_fails_to_build()
    {
        var blockFiles = DocBlock.All().Select(b => b.FileName).ToHashSet();
        Assert.Contains(DocBlock.All(), b => b.ShowsAMistake);
        Assert.Empty(_project.Diagnostics.Where(d => !blockFiles.Contains(d.File)).Select(d => d.Text));
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Doc_block_compiles_and_prints_what_the_docs_show(string name)
    {
        var block = DocBlock.All().Single(b => b.Name == name);
        var reported = _project.Diagnostics.Where(d => d.File == block.FileName).ToList();
        if (block.ExpectedIds is { } expectedIds)
        {
            // A mistake shown in the docs reports exactly the diagnostics its page says, and nothing else.
            var ids = reported.Select(d => d.Id).Distinct().Order().ToList();
            Assert.True(ids.SequenceEqual(expectedIds.Order()), $"{block.Where} should report {string.Join(", ", expectedIds)}, reported:\n{string.Join("\n", reported.Select(d => d.Text))}\n\n{block.Wrapped()}");
            return;
        }

        var errors = reported.Select(d => d.Text).ToList();
        Assert.True(errors.Count == 0, $"{block.Where} does not compile as a user would paste it:\n{string.Join("\n", errors)}\n\n{block.Wrapped()}");

        if (block.ExpectedOutput is { } expected)
        {
            var printed = _project.Run(block);
            Assert.Equal(Normalize(expected), Normalize(printed));
        }
    }

    private static string Normalize(string text) => string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd())).Trim();

    /// <summary>One project with every block in a file of its own, built once against the local package feed.</summary>
    public sealed class DocProject : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "coroutines-docs-" + Guid.NewGuid().ToString("N"));
        private string _directory = "";

        public DocProject()
        {
            var errors = Build("Errors", DocBlock.All().Where(b => b.ShowsAnError).ToList(), mayFail: true);
            var mistakes = Build("Mistakes", DocBlock.All().Where(b => b.ShowsAMistake && !b.ShowsAnError).ToList(), mayFail: true);
            var examples = Build("Docs", DocBlock.All().Where(b => !b.ShowsAMistake).ToList(), mayFail: false);
            Diagnostics = errors.Concat(mistakes).Concat(examples).ToList();
        }

        public IReadOnlyList<(string File, string Id, string Text)> Diagnostics { get; }

        public string Run(DocBlock block) => Process("dotnet", $"bin/Release/net10.0/Docs.dll {block.Name}", Path.Combine(_root, "Docs"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private List<(string File, string Id, string Text)> Build(string name, List<DocBlock> blocks, bool mayFail)
        {
            _directory = Path.Combine(_root, name);
            ConsumerProject.Create(_directory, "Docs", "<Nullable>enable</Nullable><NoWarn>$(NoWarn);CS1998;CS8321;CS0168;CS0219;CS0162</NoWarn>");

            if (mayFail)
            {
                // Every CORO rule at warning or above, so each page's example shows its id: the informational ones and the
                // opt-in CORO009 and CORO010, but not CORO011 (console writes), which every example would report.
                var rules = Enumerable.Range(1, 30).Where(n => n != 11).Select(n => $"dotnet_diagnostic.CORO{n:000}.severity = warning");
                File.WriteAllText(Path.Combine(_directory, ".globalconfig"), "is_global = true\n" + string.Join("\n", rules) + "\n");
            }

            var contexts = new HashSet<string>();
            var dispatch = new StringBuilder();
            foreach (var block in blocks)
            {
                File.WriteAllText(Path.Combine(_directory, block.FileName), block.Wrapped());
                if (block.Context is { } context)
                {
                    contexts.Add(context);
                }

                dispatch.AppendLine($"    case \"{block.Name}\": await {block.Namespace}.DocEntry.EntryPoint(); break;");
            }

            foreach (var context in contexts)
            {
                CopyContext(context);
            }

            File.WriteAllText(Path.Combine(_directory, "DocMain.cs"), $$"""
                internal static class DocMain
                {
                    public static async Task Main(string[] args)
                    {
                        switch (args[0])
                        {
                {{dispatch}}
                        }
                    }
                }
                """);

            var build = Process("dotnet", "build -c Release -v q -nologo -p:StartupObject=DocMain", _directory);
            var diagnostics = Regex.Matches(build, @"^(?<file>[^\s(]+\.cs)\(\d+,\d+\): (error|warning) (?<id>\w+):.*$", RegexOptions.Multiline)
                .Select(m => (File: Path.GetFileName(m.Groups["file"].Value), Id: m.Groups["id"].Value, Text: m.Value.Trim()))
                .Distinct()
                .ToList();
            Assert.True(mayFail || File.Exists(Path.Combine(_directory, "bin", "Release", "net10.0", "Docs.dll")) || diagnostics.Count > 0, $"the {name} project did not build:\n{build}");
            if (!mayFail)
            {
                return diagnostics;
            }

            // Only the blocks' own diagnostics count in the project of mistakes.
            var files = blocks.Select(b => b.FileName).ToHashSet();
            return diagnostics.Where(d => files.Contains(d.File)).ToList();
        }

        private void CopyContext(string context)
        {
            var own = Path.Combine(PackageTests.RepoRoot, "tests", "Coroutines.Package.Tests", "DocContexts", context + ".cs");
            if (File.Exists(own))
            {
                File.Copy(own, Path.Combine(_directory, "Context." + context + ".cs"));
                return;
            }

            // A sample's library: every file of it but the program.
            var sample = Path.Combine(PackageTests.RepoRoot, "samples", context);
            Assert.True(Directory.Exists(sample), $"no context '{context}': neither DocContexts/{context}.cs nor samples/{context}");
            foreach (var file in Directory.GetFiles(sample, "*.cs").Where(f => Path.GetFileName(f) != "Program.cs"))
            {
                File.Copy(file, Path.Combine(_directory, $"Context.{context}.{Path.GetFileName(file)}"));
            }
        }

        private static string Process(string file, string arguments, string directory) =>
            ChildProcess.Run(new ProcessStartInfo(file, arguments), directory).Output;
    }
}

/// <summary>A C# block of a Markdown document, and how its marker says to compile it.</summary>
public sealed record DocBlock(string Document, int Line, string Source, string Kind, string? Context, string? ExpectedOutput, IReadOnlyList<string>? ExpectedIds)
{
    private static readonly Lazy<IReadOnlyList<DocBlock>> s_all = new(Load);

    public string Name => $"{Path.GetFileNameWithoutExtension(Document).Replace('-', '_')}_L{Line}";

    /// <summary>A block that shows a mistake: built in a project of its own, where the build may fail.</summary>
    public bool ShowsAMistake => ExpectedIds is not null;

    /// <summary>
    /// A mistake the compiler or the generator reports as an error. The compiler runs no analyzer on a compilation
    /// with errors, so these build apart from the analyzers' examples.
    /// </summary>
    public bool ShowsAnError => ExpectedIds?.Any(id => id.StartsWith("CS", StringComparison.Ordinal) || id.StartsWith("CORO1", StringComparison.Ordinal)) == true;

    public string FileName => Name + ".cs";

    public string Namespace => "DocBlocks." + Name;

    public string Where => $"{Path.GetRelativePath(PackageTests.RepoRoot, Document)}:{Line}";

    public static IReadOnlyList<DocBlock> All() => s_all.Value;

    public static IEnumerable<string> Documents() =>
        new[] { Path.Combine(PackageTests.RepoRoot, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(PackageTests.RepoRoot, "docs"), "*.md", SearchOption.AllDirectories).Order());

    /// <summary>The block as a file: its own namespace, a <c>DocEntry.EntryPoint</c> for programs and statements.</summary>
    public string Wrapped()
    {
        var lines = Source.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(';') && !l.Contains('(') || l.Trim().Length == 0).ToList();
        var body = lines.Skip(usings.Count).ToList();
        var header = new StringBuilder();
        if (usings.All(l => l.Trim().Length == 0))
        {
            // A block without usings of its own is an excerpt of a file that has the usual two.
            header.AppendLine("using Coroutines;");
            header.AppendLine("using static Coroutines.Co;");
        }

        foreach (var line in usings.Where(l => l.Trim().Length > 0))
        {
            header.AppendLine(line);
        }

        if (Context is not null && File.Exists(Path.Combine(PackageTests.RepoRoot, "tests", "Coroutines.Package.Tests", "DocContexts", Context + ".cs")))
        {
            header.AppendLine($"using static DocContexts.{Context};");
        }

        header.AppendLine($"namespace {Namespace};");
        var text = string.Join("\n", body);
        return Kind switch
        {
            "template" => $"{header}\npublic static partial class DocEntry\n{{\n    public static Task EntryPoint() => Task.CompletedTask;\n\n    [Coroutine]\n    public static IEnumerable<Yield> Template()\n    {{\n{text}\n        yield break;\n    }}\n}}\n",
            "members" => $"{header}\npublic static partial class DocEntry\n{{\n    public static Task EntryPoint() => Task.CompletedTask;\n\n{text}\n}}\n",
            "statements" => $"{header}\npublic static partial class DocEntry\n{{\n    public static async Task EntryPoint()\n    {{\n{text}\n    }}\n}}\n",
            _ => Program(header.ToString(), body),
        };
    }

    // A top-level program: its statements become DocEntry.EntryPoint, its type declarations stay beside it.
    private static string Program(string header, List<string> body)
    {
        int firstType = body.FindIndex(l => Regex.IsMatch(l, @"^(public |internal |static |sealed |partial |abstract |file |record |class |struct |interface |enum |\[)"));
        var statements = firstType < 0 ? body : body.Take(firstType).ToList();
        var types = firstType < 0 ? new List<string>() : body.Skip(firstType).ToList();
        return $"{header}\npublic static partial class DocEntry\n{{\n    public static async Task EntryPoint()\n    {{\n{string.Join("\n", statements)}\n    }}\n}}\n\n{string.Join("\n", types)}\n";
    }

    private static IReadOnlyList<DocBlock> Load()
    {
        var blocks = new List<DocBlock>();
        foreach (var document in Documents())
        {
            var lines = File.ReadAllLines(document);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!Regex.IsMatch(lines[i], "^```c(s|sharp|#)\\s*$"))
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                var source = string.Join("\n", lines[(i + 1)..end]);
                var marker = i > 0 ? Regex.Match(lines[i - 1], @"^<!-- doc-test: (?<spec>.*) -->$") : Match.Empty;
                var spec = marker.Success ? marker.Groups["spec"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
                var kind = spec.FirstOrDefault(s => s is "template" or "members" or "statements") ?? "program";
                var expectAt = Array.IndexOf(spec, "expect");
                var expectedIds = expectAt >= 0 ? spec[(expectAt + 1)..] : null;
                var contextAt = Array.IndexOf(spec, "context");
                var context = contextAt >= 0 ? spec[contextAt + 1] : null;
                string? expected = null;
                if (spec.Contains("run"))
                {
                    var open = Array.FindIndex(lines, end + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                    var close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                    expected = string.Join("\n", lines[(open + 1)..close]);
                }

                blocks.Add(new DocBlock(document, i + 2, source, kind, context, expected, expectedIds));
                i = end;
            }
        }

        return blocks;
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection
{
    // Packing and restoring from the one local feed, one test class at a time.
    public const string Name = "package";
}
