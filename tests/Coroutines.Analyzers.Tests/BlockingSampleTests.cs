using System.Collections.Immutable;
using System.Reflection;
using Basic.Reference.Assemblies;
using Coroutines.Analyzers.Tests.Verifiers;
using Coroutines.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Analyzers.Tests;

/// <summary>
/// samples/Blocking end to end: every analyzer over the committed sample, then Fix All for every offered fix (one id and
/// equivalence key at a time, re-running the generator between rounds) until no diagnostic has a fix left. The result
/// must compile with the generator's output, keep only the diagnostics that honestly have no legal fix, and still run.
/// </summary>
public class BlockingSampleTests
{
    private static readonly DiagnosticAnalyzer[] s_analyzers = Verifiers.ShippedAnalyzers.All;

    private static readonly CodeFixProvider[] s_fixers = typeof(CodeFixes.CoroutineCodeFixProvider).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToArray();

    // What <ImplicitUsings>enable</ImplicitUsings> gives a console project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private const string GeneratedFolder = "/generated/";

    private static string SampleDirectory => RepoPaths.Combine("samples", "Blocking");

    [Fact]
    public async Task ApplyingEveryOfferedFix_CompilesWithTheGenerator_LeavesNoFixableDiagnostic_AndStillRuns()
    {
        Project project = await RegenerateAsync(CreateProject());
        await AssertCompilesAsync(project, "the committed sample");
        ImmutableArray<Diagnostic> before = await AnalyzeAsync(project);
        Assert.Superset(
            new HashSet<string> { "CORO001", "CORO002", "CORO004", "CORO005", "CORO007", "CORO020", "CORO021" },
            before.Select(d => d.Id).ToHashSet());

        var applied = new List<string>();
        bool settled = false;
        for (int round = 0; round < 30 && !settled; round++)
        {
            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(project);
            (Diagnostic Diagnostic, CodeFixProvider Fixer, CodeAction Action)? next = await FirstFixableAsync(project, diagnostics);
            if (next is not { } found)
            {
                settled = true;
                break;
            }

            // Fix All in project scope for this id and this kind of fix, the way the IDE's "Fix all in project" does it.
            string key = found.Action.EquivalenceKey!;
            ImmutableArray<Diagnostic> ofId = diagnostics.Where(d => d.Id == found.Diagnostic.Id).ToImmutableArray();
            var context = new FixAllContext(
                project.GetDocument(found.Diagnostic.Location.SourceTree)!,
                found.Fixer,
                FixAllScope.Project,
                key,
                [found.Diagnostic.Id],
                new FixedDiagnosticProvider(ofId),
                CancellationToken.None);
            CodeAction? fixAll = await found.Fixer.GetFixAllProvider()!.GetFixAsync(context);
            Assert.NotNull(fixAll);
            ImmutableArray<CodeActionOperation> operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
            Solution changed = Assert.IsType<ApplyChangesOperation>(Assert.Single(operations)).ChangedSolution;
            Assert.True(changed != project.Solution, $"Fix All '{key}' changed nothing");
            project = await RegenerateAsync(changed.GetProject(project.Id)!);
            applied.Add($"{key} x{ofId.Length}");
            await AssertCompilesAsync(project, $"the sample after Fix All '{key}' (applied so far: {string.Join(", ", applied)})");
        }

        Assert.True(settled, "Fixes kept producing fixable diagnostics: " + string.Join(", ", applied));

        // Each rule with a fix was fixed, with the preferred action.
        foreach (string key in new[] { "CORO001.YieldSleep", "CORO002.YieldTask", "CORO004.AsyncSibling", "CORO005.Executor", "CORO007.Executor", "CORO020.", "CORO021.YieldTask" })
        {
            Assert.Contains(applied, a => a.StartsWith(key, StringComparison.Ordinal));
        }

        // What is left has no legal fix: the File.Delete inside try/catch (no yield there, CS1626).
        ImmutableArray<Diagnostic> remaining = await AnalyzeAsync(project);
        foreach (Diagnostic diagnostic in remaining)
        {
            Assert.Empty(await GetActionsAsync(project, diagnostic));
        }

        Diagnostic left = Assert.Single(remaining);
        Assert.Equal("CORO005", left.Id);
        Assert.Equal("File.Delete(copy)", left.Location.SourceTree!.GetText().ToString(left.Location.SourceSpan));

        string program = (await project.Documents.Single(d => d.Name == "Program.cs").GetTextAsync()).ToString();
        Assert.Contains("yield return Sleep(TimeSpan.FromMilliseconds(50));", program);
        Assert.Contains("File.ReadAllTextAsync(input)", program);
        Assert.Contains("RunInExecutor(() => File.Copy(input, copy, overwrite: true))", program);
        Assert.DoesNotContain("Thread.Sleep(", program);
        Assert.DoesNotContain(".Result;", program.Replace("op.Result;", "").Replace("op2.Result;", "").Replace("op3.Result;", "").Replace("counting.Result;", ""));

        // The fixed sample still does its job when run on the loop.
        Assert.Equal("3 lines, 6 vowels", RunFixedSample(await project.GetCompilationAsync()));
    }

    private static Project CreateProject()
    {
        var workspace = new AdhocWorkspace();
        ProjectId id = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            id,
            VersionStamp.Default,
            "Blocking",
            "Blocking",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.CSharp13),
            metadataReferences: Net80.References.All.Cast<MetadataReference>().Append(MetadataReference.CreateFromFile(typeof(Co).Assembly.Location))));
        solution = solution.AddDocument(DocumentId.CreateNewId(id), "ImplicitUsings.cs", SourceText.From(ImplicitUsings), filePath: "/sample/ImplicitUsings.cs");
        string[] files = Directory.GetFiles(SampleDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(id), Path.GetFileName(file), SourceText.From(File.ReadAllText(file)), filePath: "/sample/" + Path.GetFileName(file));
        }

        return solution.GetProject(id)!;
    }

    /// <summary>Replaces the generated documents with a fresh run of the generator over the hand-written ones.</summary>
    private static async Task<Project> RegenerateAsync(Project project)
    {
        foreach (Document old in project.Documents.Where(d => d.FilePath?.StartsWith(GeneratedFolder, StringComparison.Ordinal) == true).ToArray())
        {
            project = project.RemoveDocument(old.Id);
        }

        Compilation compilation = (await project.GetCompilationAsync())!;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new CoroutineGenerator().AsSourceGenerator()],
            parseOptions: (CSharpParseOptions)project.ParseOptions!);
        GeneratorDriverRunResult run = driver.RunGenerators(compilation).GetRunResult();
        Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        foreach (GeneratedSourceResult source in run.Results.SelectMany(r => r.GeneratedSources))
        {
            project = project.AddDocument(source.HintName, source.SourceText, filePath: GeneratedFolder + source.HintName).Project;
        }

        Assert.NotEmpty(run.Results.SelectMany(r => r.GeneratedSources));
        return project;
    }

    private static async Task AssertCompilesAsync(Project project, string what)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            string program = string.Join(Environment.NewLine, project.Documents.Where(d => d.FilePath?.StartsWith("/sample/", StringComparison.Ordinal) == true).Select(d => d.GetTextAsync().Result.ToString()));
            Assert.Fail($"{what} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => e.ToString()))}{Environment.NewLine}{program}");
        }
    }

    /// <summary>All analyzers, default configuration, diagnostics in the hand-written files only.</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(s_analyzers.ToImmutableArray(), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, project.AnalyzerOptions.AnalyzerConfigOptionsProvider))
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics
            .Where(d => d.Location.SourceTree?.FilePath.StartsWith("/sample/", StringComparison.Ordinal) == true)
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    private static async Task<(Diagnostic, CodeFixProvider, CodeAction)?> FirstFixableAsync(Project project, ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (Diagnostic diagnostic in diagnostics)
        {
            foreach (CodeFixProvider fixer in s_fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                ImmutableArray<CodeAction> actions = await GetActionsAsync(project, diagnostic, fixer);
                if (!actions.IsEmpty)
                {
                    return (diagnostic, fixer, actions[0]);
                }
            }
        }

        return null;
    }

    private static async Task<ImmutableArray<CodeAction>> GetActionsAsync(Project project, Diagnostic diagnostic, CodeFixProvider? only = null)
    {
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
        foreach (CodeFixProvider fixer in s_fixers.Where(f => (only is null || f == only) && f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        }

        return actions.ToImmutable();
    }

    /// <summary>Emits the fixed sample and runs <c>Report.BuildAsync</c> on a fresh loop in a scratch directory.</summary>
    private static string RunFixedSample(Compilation? compilation)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation!.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());
        MethodInfo build = assembly.GetType("Report")!.GetMethod("BuildAsync", BindingFlags.Public | BindingFlags.Static)!;
        string work = Path.Combine(Path.GetTempPath(), "coroutines-blocking-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var coroutine = (Coroutine<string>)build.Invoke(null, [work])!;
            return Co.Run(coroutine);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
