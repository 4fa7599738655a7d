using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Analyzers.Tests.Verifiers;

/// <summary>An expected diagnostic parsed out of test markup: <c>[|...|]</c> (default id) or <c>{|CORO001:...|}</c>.</summary>
internal readonly record struct ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Strips diagnostic markup from test source in one pass. <c>[|x|]</c> expects the default id on <c>x</c>;
/// <c>{|ID:x|}</c> expects <c>ID</c>. Spans may nest.
/// </summary>
internal static class TestMarkup
{
    public static (string Source, ImmutableArray<ExpectedDiagnostic> Expected) Parse(string markup, string? defaultId)
    {
        var output = new StringBuilder(markup.Length);
        var expected = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();
        var open = new Stack<(string Id, int Start)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (Match(markup, i, "[|"))
            {
                open.Push((defaultId ?? throw new InvalidOperationException("'[|' markup needs a default diagnostic id; use {|ID:...|}."), output.Length));
                i += 2;
            }
            else if (Match(markup, i, "{|"))
            {
                int colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new InvalidOperationException($"Unterminated '{{|ID:' markup at offset {i}.");
                }

                open.Push((markup.Substring(i + 2, colon - i - 2), output.Length));
                i = colon + 1;
            }
            else if (Match(markup, i, "|]") || Match(markup, i, "|}"))
            {
                if (open.Count == 0)
                {
                    throw new InvalidOperationException($"Unbalanced '{markup.Substring(i, 2)}' at offset {i}.");
                }

                (string id, int start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, output.Length)));
                i += 2;
            }
            else
            {
                output.Append(markup[i]);
                i++;
            }
        }

        if (open.Count != 0)
        {
            throw new InvalidOperationException("Unclosed diagnostic markup.");
        }

        return (output.ToString(), expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToImmutableArray());
    }

    private static bool Match(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
