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
    private const string CoroutineAttribute = "Coroutines.CoroutineAttribute";

    /// <summary>Parse → (Diagnostics | Model → Lowered → Output).</summary>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(CoroutineAttribute, static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax, TemplateParser.Parse)
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .Where(static d => d.Length > 0)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, ReportDiagnostics);

        IncrementalValuesProvider<TemplateModel> models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Model);

        IncrementalValuesProvider<LoweredTemplate> lowered = models
            .Select(static (model, _) => LoweredTemplate.Lower(model))
            .WithTrackingName(TrackingNames.Lowered);

        IncrementalValuesProvider<GeneratedFile> files = lowered
            .Select(static (template, _) => GeneratedFile.Emit(template))
            .WithTrackingName(TrackingNames.Output);
        context.RegisterSourceOutput(files, AddSource);
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
            return;
        }

        context.AddSource(file.HintName, file.Text);
    }
}

/// <summary>A model with its lowering (or the lowering's failure, reported on output).</summary>
internal sealed record LoweredTemplate(TemplateModel Model, LoweredStateMachine? Machine, string? Error)
{
    public static LoweredTemplate Lower(TemplateModel model)
    {
        try
        {
            return new LoweredTemplate(model, StateMachineLowerer.Lower(model.Body), null);
        }
        catch (Exception ex)
        {
            return new LoweredTemplate(model, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>One generated file, or why it could not be written.</summary>
internal sealed record GeneratedFile(string TemplateName, string HintName, string Text, string? Error)
{
    public static GeneratedFile Emit(LoweredTemplate template)
    {
        TemplateModel model = template.Model;
        if (template.Machine is null)
        {
            return new GeneratedFile(model.TemplateName, model.HintName, string.Empty, template.Error);
        }

        try
        {
            return new GeneratedFile(model.TemplateName, model.HintName, CoroutineEmitter.Emit(model, template.Machine), null);
        }
        catch (Exception ex)
        {
            return new GeneratedFile(model.TemplateName, model.HintName, string.Empty, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
