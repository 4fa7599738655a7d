using System.Collections;
using System.Reflection;
using Coroutines.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coroutines.Generator.Tests.Incrementality;

/// <summary>Edits and which pipeline steps they re-run.</summary>
public sealed class IncrementalityTests
{
    private const string TemplateFile = """
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        public static partial class Work
        {
            [Coroutine]
            static IEnumerable<Yield> Loop(int n)
            {
                int i = 0;
                while (i < n)
                {
                    yield return Sleep(i++);
                }
            }
        }
        """;

    private const string OtherFile = "public static class Other { public static int Value => 1; }";

    private static readonly string[] s_steps = { "Model", "Lowered", "Output" };

    private static (GeneratorRun First, GeneratorRun Second) RunTwice(Func<CSharpCompilation, CSharpCompilation> edit)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((GeneratorHarness.TemplatePath, TemplateFile), ("/templates/Other.cs", OtherFile));
        GeneratorRun first = GeneratorHarness.Run(compilation).AssertClean();
        GeneratorRun second = GeneratorHarness.Run(edit(compilation), first.Driver);
        return (first, second);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string text)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRun run, string step) =>
        run.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void UnrelatedFileEdited_NoCoroutineOutputRegenerates()
    {
        var (_, second) = RunTwice(c => Replace(c, "/templates/Other.cs", OtherFile.Replace("1", "2")));
        foreach (string step in s_steps)
        {
            Assert.All(Reasons(second, step), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
    }

    [Fact]
    public void CommentAddedToTemplate_OutputUnchanged()
    {
        var (_, second) = RunTwice(c => Replace(c, GeneratorHarness.TemplatePath, TemplateFile.Replace("int i = 0;", "int i = 0; // start")));
        Assert.All(Reasons(second, "Parse"), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(second, "Output"), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void StatementAddedToTemplate_OutputModified()
    {
        var (first, second) = RunTwice(c => Replace(c, GeneratorHarness.TemplatePath, TemplateFile.Replace("int i = 0;", "int i = 1;")));
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, Reasons(second, "Output"));
        Assert.NotEqual(first.Sources[0].SourceText.ToString(), second.Sources[0].SourceText.ToString());
    }

    [Fact]
    public void StatementChanged_StubsUnchanged()
    {
        var (_, second) = RunTwice(c => Replace(c, GeneratorHarness.TemplatePath, TemplateFile.Replace("int i = 0;", "int i = 1;")));
        Assert.All(Reasons(second, "Stubs"), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void CalleeSignatureChanged_StubsModified_CallerRebound()
    {
        const string caller = """
            using System.Collections.Generic;
            using Coroutines;
            using static Coroutines.Co;

            public static partial class Caller
            {
                [Coroutine]
                static IEnumerable<Yield> Use()
                {
                    var loop = Work.LoopAsync(3);
                    yield return loop;
                }
            }
            """;
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((GeneratorHarness.TemplatePath, TemplateFile.Replace("static IEnumerable<Yield> Loop", "internal static IEnumerable<Yield> Loop")), ("/templates/Caller.cs", caller));
        GeneratorRun first = GeneratorHarness.Run(compilation).AssertClean();
        CSharpCompilation edited = Replace(compilation, GeneratorHarness.TemplatePath, TemplateFile.Replace("static IEnumerable<Yield> Loop(int n)", "internal static IEnumerable<Yield> Loop(int n, int step = 1)"));
        GeneratorRun second = GeneratorHarness.Run(edited, first.Driver).AssertClean();
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, "Stubs"));
        string callerOutput = second.Sources.Single(s => s.HintName.StartsWith("Caller", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Equal(first.Sources.Single(s => s.HintName.StartsWith("Caller", StringComparison.Ordinal)).SourceText.ToString(), callerOutput);
    }

    [Fact]
    public void PipelineOutputs_HoldNoRoslynObjects()
    {
        var (first, _) = RunTwice(c => c);
        foreach (string step in s_steps)
        {
            foreach (var output in first.Result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        Assert.False(
            value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Location,
            $"{path} holds a {type.Name}");
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
