using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Coroutines.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coroutines.Generator.Tests.Infrastructure;

/// <summary>Runs the generator over an in-memory compilation (.NET 8 reference assemblies + the runtime).</summary>
internal static class GeneratorHarness
{
    public const string TemplatePath = "/templates/Template.cs";

    /// <summary>The usings every test template starts with (the implicit usings of a console app, plus ours).</summary>
    public const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> s_references =
        new[]
        {
            Net80.References.SystemRuntime, Net80.References.SystemCollections, Net80.References.SystemLinq,
            Net80.References.SystemConsole, Net80.References.SystemThreadingTasks, Net80.References.SystemComponentModelPrimitives,
            Net80.References.SystemRuntimeInteropServices, Net80.References.SystemMemory, Net80.References.netstandard,
        }.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Coroutines.Co).Assembly.Location))
            .ToImmutableArray();

    public static CSharpCompilation CreateCompilation(params (string Path, string Source)[] files) =>
        CSharpCompilation.Create(
            "Templates" + Guid.NewGuid().ToString("N"),
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Debug));

    public static CSharpCompilation CreateCompilation(string templateSource) =>
        CreateCompilation((TemplatePath, templateSource));

    public static GeneratorRun Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CSharpGeneratorDriver.Create(
            new[] { new CoroutineGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(driver, (CSharpCompilation)output, diagnostics);
    }
}

/// <summary>One generator run: the driver (to run again), the output compilation and the generator's diagnostics.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, CSharpCompilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    public IReadOnlyList<GeneratedSourceResult> Sources => Result.GeneratedSources;

    /// <summary>Errors and warnings of the compilation with the generated code.</summary>
    public IReadOnlyList<Diagnostic> OutputProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Fails unless the generator and the output compilation are both free of errors and warnings.</summary>
    public GeneratorRun AssertClean()
    {
        string problems = string.Join("\n", GeneratorDiagnostics.Concat(OutputProblems).Select(d => d.ToString()));
        Assert.True(problems.Length == 0, "Unexpected diagnostics:\n" + problems + "\n\n" + string.Join("\n\n", Sources.Select(s => s.SourceText.ToString())));
        return this;
    }
}
