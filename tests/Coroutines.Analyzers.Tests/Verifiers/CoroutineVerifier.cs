using System.Collections.Immutable;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Analyzers.Tests.Verifiers;

/// <summary>
/// In-repo analyzer and code-fix verifier (ANALYZERS.md §(e) Option B): one-project AdhocWorkspace over the .NET 8
/// reference assemblies plus Coroutines.Runtime, a compile gate, id+span comparison with an annotated source dump,
/// iterative fixes by equivalence key and Fix All through the provider's own FixAllProvider.
/// </summary>
internal static class CoroutineVerifier
{
    private static readonly ImmutableArray<MetadataReference> s_references =
        Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Co).Assembly.Location))
            .ToImmutableArray();

    private const int MaxIterations = 20;

    /// <summary>Asserts that <paramref name="analyzer"/> reports exactly the marked-up diagnostics.</summary>
    public static async Task VerifyAnalyzerAsync(DiagnosticAnalyzer analyzer, string markup, string? generatedFileSource = null)
    {
        (string source, ImmutableArray<ExpectedDiagnostic> expected) = TestMarkup.Parse(markup, DefaultId(analyzer));
        Document document = CreateDocument(source, generatedFileSource);
        await AssertCompilesAsync(document, "test source");
        ImmutableArray<Diagnostic> actual = await GetDiagnosticsAsync(document, analyzer);
        AssertDiagnostics(source, expected, actual);
    }

    /// <summary>
    /// Asserts the marked-up diagnostics, then applies the action with <paramref name="equivalenceKey"/> one diagnostic at a
    /// time until none is fixable and compares with <paramref name="fixedSource"/>; then runs Fix All (document scope) on
    /// the original and compares with <paramref name="fixAllSource"/> (defaults to <paramref name="fixedSource"/>).
    /// Both results must compile.
    /// </summary>
    public static async Task VerifyCodeFixAsync(
        DiagnosticAnalyzer analyzer,
        CodeFixProvider provider,
        string markup,
        string fixedSource,
        string equivalenceKey,
        string? fixAllSource = null,
        params (string Path, string Text)[] additionalFiles)
    {
        (string source, ImmutableArray<ExpectedDiagnostic> expected) = TestMarkup.Parse(markup, DefaultId(analyzer));
        ImmutableArray<AdditionalText> texts = additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Document d, DiagnosticAnalyzer a) => CoroutineVerifier.GetDiagnosticsAsync(d, a, texts, sourceOnly: true);
        Document original = CreateDocument(source);
        await AssertCompilesAsync(original, "test source");
        AssertDiagnostics(source, expected, await GetDiagnosticsAsync(original, analyzer));

        // One diagnostic at a time, the way a user clicks through the light bulb.
        Document document = original;
        int applied = 0;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            ImmutableArray<Diagnostic> diagnostics = await GetDiagnosticsAsync(document, analyzer);
            CodeAction? action = null;
            foreach (Diagnostic diagnostic in diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)))
            {
                action = (await GetActionsAsync(document, provider, diagnostic)).FirstOrDefault(a => a.EquivalenceKey == equivalenceKey);
                if (action is not null)
                {
                    break;
                }
            }

            if (action is null)
            {
                break;
            }

            document = await ApplyAsync(document, action);
            applied++;
        }

        Assert.True(applied > 0, $"No code action with equivalence key '{equivalenceKey}' was offered.");
        await AssertTextAsync(fixedSource, document, "iterative fix");
        await AssertCompilesAsync(document, "fixed source");

        // Fix All in document scope through the provider's FixAllProvider.
        FixAllProvider? fixAll = provider.GetFixAllProvider();
        Assert.NotNull(fixAll);
        ImmutableArray<Diagnostic> all = await GetDiagnosticsAsync(original, analyzer);
        Diagnostic? first = null;
        foreach (Diagnostic diagnostic in all.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)))
        {
            if ((await GetActionsAsync(original, provider, diagnostic)).Any(a => a.EquivalenceKey == equivalenceKey))
            {
                first = diagnostic;
                break;
            }
        }

        Assert.NotNull(first);
        var context = new FixAllContext(
            original,
            provider,
            FixAllScope.Document,
            equivalenceKey,
            provider.FixableDiagnosticIds,
            new FixedDiagnosticProvider(all),
            CancellationToken.None);
        CodeAction? fixAllAction = await fixAll!.GetFixAsync(context);
        Assert.NotNull(fixAllAction);
        Document fixedAll = await ApplyAsync(original, fixAllAction!);
        await AssertTextAsync(fixAllSource ?? fixedSource, fixedAll, "Fix All");
        await AssertCompilesAsync(fixedAll, "Fix All source");
    }

    /// <summary>Asserts the marked-up diagnostics and that <paramref name="provider"/> offers no action for any of them.</summary>
    public static async Task VerifyNoCodeFixAsync(DiagnosticAnalyzer analyzer, CodeFixProvider provider, string markup, params (string Path, string Text)[] configs)
    {
        (string source, ImmutableArray<ExpectedDiagnostic> expected) = TestMarkup.Parse(markup, DefaultId(analyzer));
        Assert.NotEmpty(expected);
        Document document = CreateDocument(source, configs: configs.Length == 0 ? null : configs);
        await AssertCompilesAsync(document, "test source");
        ImmutableArray<Diagnostic> diagnostics = await GetDiagnosticsAsync(document, analyzer);
        AssertDiagnostics(source, expected, diagnostics);
        foreach (Diagnostic diagnostic in diagnostics)
        {
            ImmutableArray<CodeAction> actions = await GetActionsAsync(document, provider, diagnostic);
            Assert.True(actions.IsEmpty, $"Expected no fix for {diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition} but got: {string.Join(", ", actions.Select(a => a.Title))}");
        }
    }

    /// <summary>The equivalence keys offered for the first diagnostic in <paramref name="markup"/>.</summary>
    public static async Task<ImmutableArray<string?>> GetOfferedKeysAsync(DiagnosticAnalyzer analyzer, CodeFixProvider provider, string markup)
    {
        (string source, _) = TestMarkup.Parse(markup, DefaultId(analyzer));
        Document document = CreateDocument(source);
        ImmutableArray<Diagnostic> diagnostics = await GetDiagnosticsAsync(document, analyzer);
        Assert.NotEmpty(diagnostics);
        return (await GetActionsAsync(document, provider, diagnostics[0])).Select(a => a.EquivalenceKey).ToImmutableArray();
    }

    /// <summary>
    /// Runs <paramref name="analyzer"/> once over a project of many documents (concurrent execution is on) and returns the
    /// ids reported per document, in document order.
    /// </summary>
    public static async Task<ImmutableArray<ImmutableArray<string>>> GetDiagnosticIdsPerDocumentAsync(DiagnosticAnalyzer analyzer, IReadOnlyList<string> sources)
    {
        Document first = CreateDocument(sources[0]);
        Project project = first.Project;
        for (int i = 1; i < sources.Count; i++)
        {
            project = project.AddDocument($"Test{i}.cs", SourceText.From(sources[i])).Project;
        }

        Compilation compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return project.Documents
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => diagnostics.Where(x => x.Location.SourceTree?.FilePath == d.FilePath || x.Location.SourceTree?.FilePath == d.Name).Select(x => x.Id).ToImmutableArray())
            .ToImmutableArray();
    }

    /// <summary>Runs each analyzer over <paramref name="source"/> (which must compile); fails on any analyzer exception.</summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAnalyzersAsync(IEnumerable<DiagnosticAnalyzer> analyzers, string source)
    {
        Document document = CreateDocument(source);
        await AssertCompilesAsync(document, "test source");
        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (DiagnosticAnalyzer analyzer in analyzers)
        {
            all.AddRange(await GetDiagnosticsAsync(document, analyzer));
        }

        return all.ToImmutable();
    }

    private static string? DefaultId(DiagnosticAnalyzer analyzer) =>
        analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().Count() == 1 ? analyzer.SupportedDiagnostics[0].Id : null;

    /// <summary>
    /// Like <see cref="VerifyAnalyzerAsync(DiagnosticAnalyzer, string, string?)"/> with analyzer config files in the project
    /// (<c>.editorconfig</c> sections or <c>is_global</c> files, as the compiler receives them): the workspace turns them
    /// into the compilation's syntax-tree options (severities) and the analyzer options provider (<c>coro_analyzer.*</c> keys).
    /// </summary>
    public static async Task VerifyAnalyzerWithConfigAsync(DiagnosticAnalyzer analyzer, string markup, params (string Path, string Text)[] configs)
    {
        (string source, ImmutableArray<ExpectedDiagnostic> expected) = TestMarkup.Parse(markup, DefaultId(analyzer));
        Document document = CreateDocument(source, configs: configs);
        await AssertCompilesAsync(document, "test source");
        AssertDiagnostics(source, expected, await GetDiagnosticsAsync(document, analyzer));
    }

    /// <summary>
    /// Runs <paramref name="analyzers"/> over <paramref name="source"/> with <paramref name="configs"/> applied and nothing
    /// forced on (opt-in rules stay off unless a config enables them); returns the reported diagnostics with their effective severity.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> GetConfiguredDiagnosticsAsync(IEnumerable<DiagnosticAnalyzer> analyzers, string source, params (string Path, string Text)[] configs)
    {
        Document document = CreateDocument(source, configs: configs);
        await AssertCompilesAsync(document, "test source");
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(analyzers.ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>Where config-driven tests put the test document (analyzer config sections apply by path).</summary>
    public const string SourceDirectory = "/proj/";

    private static Document CreateDocument(string source, string? generatedFileSource = null, IReadOnlyList<(string Path, string Text)>? configs = null)
    {
        var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.CSharp13),
            metadataReferences: s_references));
        DocumentId documentId = DocumentId.CreateNewId(projectId);
        solution = configs is null
            ? solution.AddDocument(documentId, "Test0.cs", SourceText.From(source))
            : solution.AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: SourceDirectory + "Test0.cs");
        foreach ((string path, string text) in configs ?? [])
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        if (generatedFileSource is not null)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Test1.g.cs", SourceText.From(generatedFileSource));
        }

        return solution.GetDocument(documentId)!;
    }

    /// <summary>
    /// Like <see cref="VerifyAnalyzerAsync(DiagnosticAnalyzer, string, string?)"/> with AdditionalFiles; expected diagnostics
    /// inside an additional file are marked up in it with <c>{|ID:…|}</c> and compared by path and span.
    /// </summary>
    public static async Task VerifyAnalyzerAsync(DiagnosticAnalyzer analyzer, string markup, params (string Path, string Markup)[] additionalFiles)
    {
        (string source, ImmutableArray<ExpectedDiagnostic> expected) = TestMarkup.Parse(markup, DefaultId(analyzer));
        Document document = CreateDocument(source);
        await AssertCompilesAsync(document, "test source");
        var texts = ImmutableArray.CreateBuilder<AdditionalText>();
        var expectedInFiles = new List<(string Path, string Text, ImmutableArray<ExpectedDiagnostic> Expected)>();
        foreach ((string path, string fileMarkup) in additionalFiles)
        {
            (string text, ImmutableArray<ExpectedDiagnostic> fileExpected) = TestMarkup.Parse(fileMarkup, null);
            texts.Add(new InMemoryAdditionalText(path, text));
            expectedInFiles.Add((path, text, fileExpected));
        }

        ImmutableArray<Diagnostic> all = await GetDiagnosticsAsync(document, analyzer, texts.ToImmutable(), sourceOnly: false);
        SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
        AssertDiagnostics(source, expected, all.Where(d => d.Location.SourceTree == tree).ToImmutableArray());
        foreach ((string path, string text, ImmutableArray<ExpectedDiagnostic> fileExpected) in expectedInFiles)
        {
            AssertDiagnostics(text, fileExpected, all.Where(d => d.Location.Kind == LocationKind.ExternalFile && d.Location.GetLineSpan().Path == path).ToImmutableArray());
        }
    }

    /// <summary>Every diagnostic <paramref name="analyzer"/> reports for <paramref name="source"/> with <paramref name="additionalFiles"/>, in source and list files.</summary>
    public static async Task<ImmutableArray<Diagnostic>> GetAllDiagnosticsAsync(DiagnosticAnalyzer analyzer, string source, params (string Path, string Text)[] additionalFiles)
    {
        Document document = CreateDocument(source);
        await AssertCompilesAsync(document, "test source");
        ImmutableArray<AdditionalText> texts = additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        return await GetDiagnosticsAsync(document, analyzer, texts, sourceOnly: false);
    }

    private static Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Document document, DiagnosticAnalyzer analyzer) =>
        GetDiagnosticsAsync(document, analyzer, ImmutableArray<AdditionalText>.Empty, sourceOnly: true);

    private static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Document document, DiagnosticAnalyzer analyzer, ImmutableArray<AdditionalText> additionalFiles, bool sourceOnly)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;

        // Opt-in rules are switched on for the analyzer under test (Meziantou's GetReportDiagnostic).
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            analyzer.SupportedDiagnostics.Where(d => !d.IsEnabledByDefault).Select(d => d.Id).Distinct()
                .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn)));
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider),
            onAnalyzerException: (exception, _, diagnostic) => { lock (exceptions) { exceptions.Add(diagnostic.ToString() + Environment.NewLine + exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.Count == 0, "Analyzer threw:" + Environment.NewLine + string.Join(Environment.NewLine, exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
        return diagnostics
            .Where(d => !sourceOnly || d.Location.SourceTree == tree)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static async Task<ImmutableArray<CodeAction>> GetActionsAsync(Document document, CodeFixProvider provider, Diagnostic diagnostic)
    {
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        foreach (CodeAction action in actions)
        {
            Assert.False(string.IsNullOrEmpty(action.EquivalenceKey), $"Code action '{action.Title}' has no equivalence key.");
        }

        return actions.ToImmutable();
    }

    private static async Task<Document> ApplyAsync(Document document, CodeAction action)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        ApplyChangesOperation apply = Assert.IsType<ApplyChangesOperation>(Assert.Single(operations));
        return apply.ChangedSolution.GetDocument(document.Id)!;
    }

    private static async Task AssertCompilesAsync(Document document, string what)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            string text = (await document.GetTextAsync()).ToString();
            Assert.Fail($"The {what} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => e.ToString()))}{Environment.NewLine}{Environment.NewLine}{text}");
        }
    }

    private static async Task AssertTextAsync(string expected, Document document, string what)
    {
        string actual = Normalize((await document.GetTextAsync()).ToString());
        expected = Normalize(expected);
        if (expected != actual)
        {
            Assert.Fail($"The {what} result differs.{Environment.NewLine}--- expected ---{Environment.NewLine}{expected}{Environment.NewLine}--- actual ---{Environment.NewLine}{actual}{Environment.NewLine}--- first difference at line {FirstDifferentLine(expected, actual)} ---");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static int FirstDifferentLine(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        int i = 0;
        while (i < e.Length && i < a.Length && e[i] == a[i])
        {
            i++;
        }

        return i + 1;
    }

    private static void AssertDiagnostics(string source, ImmutableArray<ExpectedDiagnostic> expected, ImmutableArray<Diagnostic> actual)
    {
        bool same = expected.Length == actual.Length &&
            expected.Zip(actual, (e, a) => e.Id == a.Id && e.Span == a.Location.SourceSpan).All(x => x);
        if (same)
        {
            return;
        }

        var text = SourceText.From(source);
        var message = new StringBuilder();
        message.AppendLine("Diagnostics differ.");
        message.AppendLine("Expected:");
        foreach (ExpectedDiagnostic e in expected)
        {
            message.AppendLine("  " + Describe(text, e.Id, e.Span, null));
        }

        message.AppendLine("Actual:");
        foreach (Diagnostic a in actual)
        {
            message.AppendLine("  " + Describe(text, a.Id, a.Location.SourceSpan, a.GetMessage()));
        }

        message.AppendLine("Source annotated with the actual diagnostics:");
        message.Append(Annotate(text, actual));
        Assert.Fail(message.ToString());
    }

    private static string Describe(SourceText text, string id, TextSpan span, string? message)
    {
        LinePosition start = text.Lines.GetLinePosition(span.Start);
        return $"{id} at ({start.Line + 1},{start.Character + 1}) '{text.ToString(span)}'" + (message is null ? "" : $": {message}");
    }

    private static string Annotate(SourceText text, ImmutableArray<Diagnostic> diagnostics)
    {
        var builder = new StringBuilder();
        foreach (TextLine line in text.Lines)
        {
            builder.AppendLine(line.ToString());
            foreach (Diagnostic d in diagnostics.Where(d => line.Span.Contains(d.Location.SourceSpan.Start) || (line.Span.IsEmpty && line.Start == d.Location.SourceSpan.Start)))
            {
                int column = d.Location.SourceSpan.Start - line.Start;
                int length = Math.Max(1, Math.Min(d.Location.SourceSpan.End, line.End) - d.Location.SourceSpan.Start);
                builder.AppendLine(new string(' ', column) + new string('^', length) + " " + d.Id + ": " + d.GetMessage());
            }
        }

        return builder.ToString();
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
