using System.Text;
using BenchmarkDotNet.Attributes;
using Coroutines.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coroutines.Benchmarks.Generator;

/// <summary>Generator cost on a realistic compilation: 100 templates over 10 files, and an incremental re-run after an
/// unrelated edit (which must regenerate nothing).</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = new List<SyntaxTree>();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        for (int file = 0; file < 10; file++)
        {
            var source = new StringBuilder();
            source.AppendLine("using System; using System.Collections.Generic; using Coroutines; using static Coroutines.Co;");
            source.AppendLine($"namespace Bench{file};");
            source.AppendLine($"public static partial class Templates{file}");
            source.AppendLine("{");
            for (int t = 0; t < 10; t++)
            {
                source.AppendLine($$"""
                    [Coroutine]
                    public static IEnumerable<Yield<int>> Work{{t}}(int n, List<string> log)
                    {
                        int total = 0;
                        try
                        {
                            for (int i = 0; i < n; i++)
                            {
                                if (i % 3 == 0) { yield return Sleep(0.01); }
                                else { yield return default; }
                                total += i;
                                foreach (string line in log) { total += line.Length; }
                            }
                        }
                        finally { log.Add("done {{t}}"); }
                        yield return Return(total);
                    }
                """);
            }

            source.AppendLine("}");
            trees.Add(CSharpSyntaxTree.ParseText(source.ToString(), parse, path: $"Templates{file}.cs"));
        }

        trees.Add(CSharpSyntaxTree.ParseText("namespace Other; public static class Unrelated { public static int Value => 1; }", parse, path: "Unrelated.cs"));
        var references = Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Coroutines.Co).Assembly.Location));
        _compilation = CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        SyntaxTree unrelated = trees[^1];
        _edited = _compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText("namespace Other; public static class Unrelated { public static int Value => 2; }", parse, path: "Unrelated.cs"));
        _warmDriver = NewDriver().RunGenerators(_compilation);
    }

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new CoroutineGenerator().AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    [Benchmark(Description = "100 templates, cold driver")]
    public int ColdRun() => NewDriver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "re-run after an unrelated edit")]
    public int IncrementalRun() => _warmDriver.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;
}
