using Coroutines.Generator.Emitting;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;
using Coroutines.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator;

/// <summary>Turns each <c>[Coroutine]</c> iterator template into a resumable state machine and a <c>FooAsync</c> sibling.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class CoroutineGenerator : IIncrementalGenerator
{
    /// <summary>Declare → Stubs → Parse (bound with the stubs) → (Diagnostics | Model → Lowered → Output).</summary>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<TemplateDeclaration> declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(DeclarationParser.CoroutineAttribute, static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax, DeclarationParser.Declare)
            .Where(static declaration => declaration is not null)
            .Select(static (declaration, _) => declaration!)
            .WithTrackingName(TrackingNames.Declare);

        IncrementalValueProvider<string> stubs = declarations
            .Where(static declaration => declaration.Signature is not null)
            .Select(static (declaration, _) => declaration.Signature!)
            .Collect()
            .Select(static (signatures, _) => StubEmitter.Emit(signatures))
            .WithTrackingName(TrackingNames.Stubs);

        IncrementalValueProvider<Compilation> binding = context.CompilationProvider
            .Combine(context.ParseOptionsProvider)
            .Combine(stubs)
            .Select(static (input, cancellationToken) => BindingCompilation.Create(input.Left.Left, input.Left.Right, input.Right, cancellationToken));

        IncrementalValuesProvider<ParseResult> parsed = declarations
            .Combine(binding)
            .Select(static (input, cancellationToken) => TemplateParser.Parse(input.Left, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .Where(static d => d.Length > 0)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, ReportDiagnostics);

        IncrementalValueProvider<string> projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.projectdir", out string? directory) ? directory : "");

        IncrementalValuesProvider<TemplateModel> models = parsed
            .Where(static result => result.Model is not null)
            .Combine(projectDirectory)
            .Select(static (input, _) => input.Left.Model! with { DisplayFile = DisplayPath(input.Left.Model!.Machine?.SourceFile ?? "", input.Right) })
            .WithTrackingName(TrackingNames.Model);

        IncrementalValuesProvider<LoweredTemplate> lowered = models
            .Select(static (model, _) => LoweredTemplate.Lower(model))
            .WithTrackingName(TrackingNames.Lowered);

        IncrementalValuesProvider<GeneratedFile> files = lowered
            .Select(static (template, _) => GeneratedFile.Emit(template))
            .WithTrackingName(TrackingNames.Output);
        context.RegisterSourceOutput(files, AddSource);
    }

    /// <summary><paramref name="file"/> relative to <paramref name="projectDirectory"/> with '/' separators, or its name.</summary>
    internal static string DisplayPath(string file, string projectDirectory)
    {
        if (file.Length == 0)
        {
            return "";
        }

        string normalized = file.Replace('\\', '/');
        string directory = projectDirectory.Replace('\\', '/');
        if (directory.Length > 0 && !directory.EndsWith("/", StringComparison.Ordinal))
        {
            directory += "/";
        }

        return directory.Length > 0 && normalized.StartsWith(directory, StringComparison.OrdinalIgnoreCase)
            ? normalized.Substring(directory.Length)
            : normalized.Substring(normalized.LastIndexOf('/') + 1);
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void AddSource(SourceProductionContext context, GeneratedFile file)
    {
        if (file.Error is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.InternalError, Location.None, file.TemplateName, file.Error));
        }

        context.AddSource(file.HintName, file.Text);
    }
}

/// <summary>A model with its lowering (none when the template is not generated, or the lowering's failure).</summary>
internal sealed record LoweredTemplate(TemplateModel Model, LoweredStateMachine? Machine, string? Error)
{
    public static LoweredTemplate Lower(TemplateModel model)
    {
        if (model.Machine is null)
        {
            return new LoweredTemplate(model, null, null);
        }

        try
        {
            return new LoweredTemplate(model, StateMachineLowerer.Lower(model.Machine.Body), null);
        }
        catch (Exception ex)
        {
            return new LoweredTemplate(model with { Machine = null, NotGeneratedBecause = "the generator failed on it (CORO100)" }, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>
/// One generated file (always at least the sibling, so callers bind), and the internal failure that reduced it to
/// a throwing sibling, if any.
/// </summary>
internal sealed record GeneratedFile(string TemplateName, string HintName, string Text, string? Error)
{
    public static GeneratedFile Emit(LoweredTemplate template)
    {
        TemplateModel model = template.Model;
        try
        {
            return new GeneratedFile(model.Signature.TemplateName, model.HintName, CoroutineEmitter.Emit(model, template.Machine), template.Error);
        }
        catch (Exception ex)
        {
            TemplateModel bare = model with { Machine = null, NotGeneratedBecause = "the generator failed on it (CORO100)" };
            return new GeneratedFile(model.Signature.TemplateName, model.HintName, CoroutineEmitter.Emit(bare, null), $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
