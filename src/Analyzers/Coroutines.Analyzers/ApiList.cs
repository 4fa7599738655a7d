using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Analyzers;

/// <summary>
/// User API lists: AdditionalFiles named <c>CoroutineBlockingApis.txt</c> / <c>CoroutineBlockingApis.*.txt</c> (extra
/// blocking methods, CORO005) or <c>CoroutineAllowedApis.txt</c> / <c>CoroutineAllowedApis.*.txt</c> (methods never
/// reported by CORO004/005/007), each kind read in path order (additional files otherwise come in DocumentId order). One entry per line in BannedSymbols
/// syntax, <c>DocumentationCommentId[;message][;replacement]</c> (replacement: <c>executor</c> or <c>async:M:…XxxAsync(…)</c>), <c>//</c> starts a comment; our extension
/// <c>M:Namespace.Type.Method(*)</c> means every overload (a bare <c>M:…Method</c> id is only the parameterless one).
/// Parsing is pure: it returns the resolved methods and the problems, and the analyzers decide what to report.
/// </summary>
internal sealed class ApiList
{
    private ApiList(ImmutableDictionary<IMethodSymbol, ApiListEntry> methods, ImmutableArray<Diagnostic> problems)
    {
        Methods = methods;
        Problems = problems;
    }

    /// <summary>Listed methods (original definitions) and their message and replacement.</summary>
    public ImmutableDictionary<IMethodSymbol, ApiListEntry> Methods { get; }

    /// <summary>CORO090 (bad entry) and CORO091 (duplicate) diagnostics located in the list files.</summary>
    public ImmutableArray<Diagnostic> Problems { get; }

    public const string BlockingPrefix = "CoroutineBlockingApis";

    public const string AllowedPrefix = "CoroutineAllowedApis";

    /// <summary>True for <c>{prefix}.txt</c> and <c>{prefix}.*.txt</c>; any list kind when <paramref name="prefix"/> is null.</summary>
    public static bool IsListFile(AdditionalText file, string? prefix = null)
    {
        if (prefix is null)
        {
            return IsListFile(file, BlockingPrefix) || IsListFile(file, AllowedPrefix);
        }

        string name = Path.GetFileName(file.Path);
        return name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) &&
               name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) &&
               (name.Length == prefix.Length + ".txt".Length || name[prefix.Length] == '.');
    }

    public static ApiList Read(Compilation compilation, ImmutableArray<AdditionalText> files, string prefix, CancellationToken cancellationToken)
    {
        ImmutableDictionary<IMethodSymbol, ApiListEntry>.Builder methods = ImmutableDictionary.CreateBuilder<IMethodSymbol, ApiListEntry>(SymbolEqualityComparer.Default);
        ImmutableArray<Diagnostic>.Builder problems = ImmutableArray.CreateBuilder<Diagnostic>();
        var seen = new Dictionary<string, Location>(StringComparer.Ordinal);
        foreach (AdditionalText file in files.Where(f => IsListFile(f, prefix)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            SourceText? text = file.GetText(cancellationToken);
            if (text is null)
            {
                continue;
            }

            foreach (TextLine line in text.Lines)
            {
                string content = line.ToString();
                int comment = content.IndexOf("//", StringComparison.Ordinal);
                if (comment >= 0)
                {
                    content = content.Substring(0, comment);
                }

                string trimmed = content.Trim();
                if (trimmed.Length == 0)
                {
                    continue;
                }

                int start = line.Start + content.IndexOf(trimmed, StringComparison.Ordinal);
                var span = new TextSpan(start, trimmed.Length);
                Location location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
                string[] fields = trimmed.Split(';');
                string id = fields[0].Trim();
                string? message = fields.Length > 1 && fields[1].Trim().Length > 0 ? fields[1].Trim() : null;
                if (fields.Length > 3)
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidApiListEntry, location, trimmed, "expected 'DocumentationCommentId[;message][;replacement]'"));
                    continue;
                }

                // Third field: 'executor' (run it with RunInExecutor) or 'async:M:…' (one Task/ValueTask-returning method to yield instead).
                string replacementText = fields.Length > 2 ? fields[2].Trim() : string.Empty;
                IMethodSymbol? replacement = null;
                if (replacementText.StartsWith(AsyncReplacementPrefix, StringComparison.Ordinal))
                {
                    ImmutableArray<IMethodSymbol> candidates = Resolve(compilation, replacementText.Substring(AsyncReplacementPrefix.Length).Trim());
                    if (candidates.Length != 1 || !IsTaskLike(candidates[0].ReturnType))
                    {
                        problems.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidApiListEntry, location, trimmed, "the replacement 'async:M:…' must name exactly one Task- or ValueTask-returning method"));
                        continue;
                    }

                    replacement = candidates[0];
                }
                else if (replacementText.Length > 0 && replacementText != ExecutorReplacement)
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidApiListEntry, location, trimmed, "the replacement must be 'executor' or 'async:M:…'"));
                    continue;
                }

                ImmutableArray<IMethodSymbol> resolved = Resolve(compilation, id);
                if (resolved.IsEmpty)
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidApiListEntry, location, trimmed, "no method matches this id"));
                    continue;
                }

                if (seen.TryGetValue(id, out Location? first))
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.DuplicateApiListEntry, location, new[] { first }, id));
                    continue;
                }

                seen.Add(id, location);
                foreach (IMethodSymbol method in resolved)
                {
                    methods[method] = new ApiListEntry(message, replacement);
                }
            }
        }

        return new ApiList(methods.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>True when <paramref name="method"/> (or the definition it comes from) is listed; <paramref name="message"/> is its note.</summary>
    public bool Contains(IMethodSymbol method, out string? message)
    {
        bool found = TryGetEntry(method, out ApiListEntry? entry);
        message = entry?.Message;
        return found;
    }

    /// <summary>True when <paramref name="method"/> is listed; <paramref name="entry"/> holds its message and replacement.</summary>
    public bool TryGetEntry(IMethodSymbol method, out ApiListEntry? entry) =>
        Methods.TryGetValue((method.ReducedFrom ?? method).OriginalDefinition, out entry);

    public const string AsyncReplacementPrefix = "async:";

    public const string ExecutorReplacement = "executor";

    private static bool IsTaskLike(ITypeSymbol type) =>
        type.OriginalDefinition is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    private static ImmutableArray<IMethodSymbol> Resolve(Compilation compilation, string id)
    {
        if (!id.StartsWith("M:", StringComparison.Ordinal))
        {
            return ImmutableArray<IMethodSymbol>.Empty;
        }

        if (id.EndsWith("(*)", StringComparison.Ordinal))
        {
            string qualified = id.Substring(2, id.Length - 5);
            int dot = qualified.LastIndexOf('.');
            if (dot <= 0 || compilation.GetTypeByMetadataName(qualified.Substring(0, dot)) is not { } type)
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            return type.GetMembers(qualified.Substring(dot + 1)).OfType<IMethodSymbol>().ToImmutableArray();
        }

        return DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation).OfType<IMethodSymbol>().ToImmutableArray();
    }
}

/// <summary>One list entry: the optional message and, for <c>async:M:…</c>, the awaitable method to yield instead.</summary>
internal sealed class ApiListEntry
{
    public ApiListEntry(string? message, IMethodSymbol? replacement)
    {
        Message = message;
        Replacement = replacement;
    }

    public string? Message { get; }

    /// <summary>Null: no replacement or <c>executor</c> (both mean RunInExecutor).</summary>
    public IMethodSymbol? Replacement { get; }
}
