using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Analyzers;

/// <summary>
/// User API lists: AdditionalFiles named <c>CoroutineBlockingApis.txt</c> / <c>CoroutineBlockingApis.*.txt</c> (extra
/// blocking methods, CORO005) or <c>CoroutineAllowedApis.txt</c> / <c>CoroutineAllowedApis.*.txt</c> (methods never
/// reported by CORO004/005/007), each kind read in path order (additional files otherwise come in DocumentId order). One entry per line in BannedSymbols
/// syntax, <c>DocumentationCommentId[;message]</c>, <c>//</c> starts a comment; our extension
/// <c>M:Namespace.Type.Method(*)</c> means every overload (a bare <c>M:…Method</c> id is only the parameterless one).
/// Parsing is pure: it returns the resolved methods and the problems, and the analyzers decide what to report.
/// </summary>
internal sealed class ApiList
{
    private ApiList(ImmutableDictionary<IMethodSymbol, string?> methods, ImmutableArray<Diagnostic> problems)
    {
        Methods = methods;
        Problems = problems;
    }

    /// <summary>Listed methods (original definitions) and their optional message.</summary>
    public ImmutableDictionary<IMethodSymbol, string?> Methods { get; }

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
        ImmutableDictionary<IMethodSymbol, string?>.Builder methods = ImmutableDictionary.CreateBuilder<IMethodSymbol, string?>(SymbolEqualityComparer.Default);
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
                if (fields.Length > 2)
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidApiListEntry, location, trimmed, "expected 'DocumentationCommentId[;message]'"));
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
                    methods[method] = message;
                }
            }
        }

        return new ApiList(methods.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>True when <paramref name="method"/> (or the definition it comes from) is listed; <paramref name="message"/> is its note.</summary>
    public bool Contains(IMethodSymbol method, out string? message) =>
        Methods.TryGetValue((method.ReducedFrom ?? method).OriginalDefinition, out message);

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
